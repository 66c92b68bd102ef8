"""User-facing Dutch texts of the import and the downloads, in one place."""

from __future__ import annotations

SAVE_AS_DOCX = (
    "Open het in Word of LibreOffice en kies 'Opslaan als' → Word-document (.docx) "
    "of OpenDocument-tekst (.odt); importeer dat bestand."
)
UNREADABLE = "kan het bestand niet lezen ({error})."
UNREADABLE_ADVICE = "Controleer of het bestand bestaat en niet in een ander programma open staat."
EMPTY = "het bestand is leeg (0 bytes)."
EMPTY_ADVICE = "Sla het document in Word opnieuw op en probeer het nog eens."
IS_PDF = "dit is een PDF-bestand met een andere naam, geen Word-document."
IS_PDF_ADVICE = (
    "Importeer het originele .docx- of .odt-bestand waar de PDF van gemaakt is "
    "(een PDF kan niet terug naar nette tekst)."
)
PASSWORD = "het document is beveiligd met een wachtwoord."
PASSWORD_ADVICE = (
    "Haal de beveiliging eraf (Word: Bestand → Info → Document beveiligen → Versleutelen met "
    "wachtwoord → leeg laten) en sla het opnieuw op."
)
OLD_DOC = "dit is een oud Word 97-2003-document (.doc), geen .docx."
OLD_DOC_ADVICE = "Open het in Word en kies 'Opslaan als' → Word-document (.docx)."
IS_RTF = "dit is een RTF-bestand, geen Word-document."
NOT_A_DOCUMENT = "dit is geen Word- of OpenDocument-bestand."
CORRUPT = "het bestand is beschadigd ({error})."
CORRUPT_ADVICE = (
    "Open het in Word (Word biedt dan aan het te herstellen) en sla het opnieuw op als .docx."
)
TOO_LARGE = "het document is te groot: {problem}."
TOO_LARGE_ADVICE = (
    "Sla het document in Word opnieuw op (Opslaan als → .docx), verklein de afbeeldingen "
    "(Afbeelding comprimeren) en probeer het opnieuw."
)
OTHER_ODF = "dit is een ander soort OpenDocument-bestand ({mime}), geen tekstdocument."
IS_EXCEL = "dit is een Excel-werkmap, geen Word-document."
IS_POWERPOINT = "dit is een PowerPoint-presentatie, geen Word-document."
PANDOC_FAILED = "pandoc kan het document niet lezen ({error})."
PANDOC_ADVICE = (
    "Open het in Word, kies 'Opslaan als' → Word-document (.docx) en importeer dat bestand."
)
EXISTS = "het rapport {folder} bestaat al."
EXISTS_ADVICE = "Kies een andere naam met --slug, of overschrijf het bewust met --force."
BAD_SLUG = "'{slug}' is geen geldige mapnaam voor een rapport."
BAD_SLUG_ADVICE = (
    "Geef --slug op met kleine letters, cijfers en streepjes, bv. eenzaamheid-selwerd."
)
BAD_YEAR = "jaar {year} is niet mogelijk."
BAD_YEAR_ADVICE = "Geef --year op, bijvoorbeeld --year 2024."
OUTSIDE = "het rapport zou buiten {research} terechtkomen."
OUTSIDE_ADVICE = "Geef een eenvoudige --slug op, zonder / of .."
WRITE_FAILED = "het rapport kon niet worden geschreven ({error})."
WRITE_FAILED_ADVICE = "Controleer of de map research/ schrijfbaar is en of de schijf niet vol is."

# warnings during an import
COMMENTS_DROPPED = (
    "{count} opmerking(en) uit het document zijn weggelaten; wijzigingen bijhouden zijn "
    "geaccepteerd. Kijk de opmerkingen na in het origineel."
)
FIGURE_METADATA_REMOVED = (
    "{count} afbeelding(en) uit het document bevatten locatie- of makergegevens: {names}. "
    "Die zijn weggehaald uit de kopie in figures/; het originele document is niet veranderd."
)
FIGURES_WITHOUT_ALT = (
    "Deze afbeeldingen hebben in Word geen alternatieve tekst en hebben er nog een nodig voor "
    "publicatie: {figures}. Schrijf in de [ ] van ![…](figures/…) wat de lezer eruit moet halen "
    "(in Word: rechtsklik op de afbeelding → Alternatieve tekst bewerken; die wordt overgenomen)."
)
IMAGE_DROPPED = (
    "De afbeelding {name} ({kind}) kan niet op een website getoond worden en is weggelaten. "
    "Exporteer haar als PNG, zet haar in figures/ en voeg haar in met ![beschrijving](figures/…)."
)
CITATIONS_KEPT_AS_TEXT = (
    "De literatuurverwijzingen konden niet worden overgenomen uit Zotero/Mendeley; ze staan er "
    "als gewone tekst. Maak references.bib aan en gebruik [@sleutel] in de tekst."
)
CITATIONS_IMPORTED = "{count} bron(nen) uit Zotero/Mendeley staan in references.bib."

# where the year and date of an imported report came from (always shown)
YEAR_GIVEN = "Jaar {year}: opgegeven met --year."
YEAR_TODAY = (
    "Jaar {year}: het jaar van vandaag. Is het rapport van een ander jaar, importeer het dan "
    "met --year."
)
IN_TEXT = "de tekst van het document"
IN_PROPERTIES = "de bestandseigenschappen van het document"
DATE_TAKEN = "Datum {date}: overgenomen uit {source}. Controleer haar in de front-matter (date:)."
DATE_IGNORED = (
    "Datum {date} uit {source} is niet overgenomen: ze past niet bij jaar {year} "
    "(vaak is het de datum waarop het sjabloon gemaakt is)."
)
DATE_NONE = "Geen datum gevonden in het document; vul date: in de front-matter zelf in."
