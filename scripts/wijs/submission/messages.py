"""User-facing Dutch texts of a submission through the issue form, in one place."""

from __future__ import annotations

NO_FORM = "Dit is geen ingevuld formulier 'Onderzoek indienen'."
NO_FORM_ADVICE = (
    "Open een nieuwe issue met **New issue → Onderzoek indienen** en vul het formulier in."
)
NO_ATTACHMENT = "Er is geen Word- of OpenDocument-bestand bijgevoegd."
NO_ATTACHMENT_ADVICE = (
    "Bewerk de issue (… → Edit) en sleep je .docx- of .odt-bestand in het veld "
    "'Word- of OpenDocument-bestand'. Wacht tot GitHub het heeft geüpload en klik op Update."
)
SEVERAL_ATTACHMENTS = "Er zijn {count} bestanden bijgevoegd; stuur er één."
SEVERAL_ATTACHMENTS_ADVICE = "Laat in het veld alleen de link naar je rapport staan."
FOREIGN_HOST = "Het bestand staat niet op GitHub zelf ({host})."
FOREIGN_HOST_ADVICE = (
    "Sleep het bestand zelf in het veld, zodat GitHub het uploadt; een link naar een andere "
    "website (Google Drive, WeTransfer, OneDrive) werkt niet."
)
BAD_NAME = "De bestandsnaam '{name}' kan niet: gebruik een gewone naam zonder / of \\ of ..."
BAD_NAME_ADVICE = (
    "Geef het bestand een eenvoudige naam, bijvoorbeeld rapport.docx, en upload het opnieuw."
)
BAD_TYPE = "Een {kind}-bestand kan niet; stuur een Word- (.docx) of OpenDocument-bestand (.odt)."
BAD_TYPE_ADVICE = "Open het in Word of LibreOffice en kies 'Opslaan als' → Word-document (.docx)."
TOO_BIG = "Het bestand is groter dan {limit} MB."
TOO_BIG_ADVICE = (
    "Verklein de afbeeldingen (Word: Afbeelding comprimeren) en upload het bestand opnieuw."
)
DOWNLOAD_FAILED = "Het bestand kon niet van GitHub worden gehaald ({error})."
DOWNLOAD_FAILED_ADVICE = "Probeer het later opnieuw, of upload het bestand nog een keer."
MARKUP = "Het veld '{field}' bevat HTML of een script ({found})."
MARKUP_ADVICE = "Schrijf gewone tekst, zonder < en >."
CONTROL = "Het veld '{field}' bevat onzichtbare tekens."
CONTROL_ADVICE = "Typ de tekst opnieuw in plaats van hem te plakken."
TOO_LONG = "Het veld '{field}' is langer dan {limit} tekens."
TOO_LONG_ADVICE = "Maak de tekst korter; de rest hoort in het rapport zelf."
BAD_YEAR = "'{value}' is geen jaartal tussen {first} en {last}."
BAD_YEAR_ADVICE = "Vul het jaar in met vier cijfers, bijvoorbeeld 2024."
UNKNOWN_CHOICE = "Het veld '{field}': {error}"
UNKNOWN_CHOICE_ADVICE = "Kies een waarde uit de lijst in het formulier."
BAD_AUTHOR = "Regel '{line}' bij Auteurs is geen naam."
BAD_AUTHOR_ADVICE = (
    "Schrijf één auteur per regel: naam (opleiding), bijvoorbeeld Fatima El Amrani (Social Work)."
)
IMPORT_REFUSED = "Het document kon niet worden omgezet: {reason}"

# the comment on the issue
REFUSED_HEADING = "### ❌ Je onderzoek is nog niet ingediend"
DONE_HEADING = "### ✅ Je onderzoek is omgezet"
DONE_TEXT = (
    "Je document staat nu als rapport in de map {folder}, met {figures} afbeelding(en) en "
    "{sources} bron(nen). Er komt een pull request bij; daar maak je het rapport af in de "
    "webeditor van GitHub (zie de handleiding *Onderzoek indienen*)."
)
MISSING = "Nog in te vullen in het rapport: {fields}."
CONSENT_OPEN = (
    "Toestemming is nog niet compleet: je docent kan het rapport pas goedkeuren als alle auteurs "
    "en de opdrachtgever akkoord zijn."
)
PRIVACY = (
    "**Let op: mogelijk persoonsgegevens** ({count}). Ze staan hieronder zonder de gevonden "
    "tekst; haal ze weg of maak ze onherkenbaar voordat je docent het rapport beoordeelt."
)
CHECKS_CLEAN = "De controle vond geen fouten."
CHECKS = "De controle vond {errors} fout(en) en {warnings} waarschuwing(en):"
HAS_INDEX = "De map {folder} heeft al een index.md; het Word-bestand is niet omgezet."
HAS_INDEX_ADVICE = (
    "Wil je opnieuw beginnen, verwijder dan eerst index.md in die map, of upload het bestand "
    "in een nieuwe map."
)

# the comment on a pull request with uploads
UPLOADS_HEADING = "### Word-bestanden omgezet"
UPLOAD_DONE = "{source} is omgezet naar {folder}."
UPLOAD_REFUSED = "{source} is niet omgezet: {reason} {advice}"
UPLOADS_COMMITTED = (
    "De omgezette rapporten staan als commit op je branch; het Word-bestand is eruit gehaald. "
    "Maak het rapport af in de webeditor: open index.md onder **Files changed** en kies "
    "**… → Edit file**."
)
UPLOADS_MOVED_ON = (
    "Je branch is intussen veranderd, daarom is er niets toegevoegd. Upload het bestand "
    "opnieuw of wacht tot deze controle nog eens draait."
)
UPLOADS_FORK = (
    "Je pull request komt uit een fork: daarin kan de onderzoeksbank niet schrijven. Zo maak je "
    "het af in je browser:\n\n"
    "1. Open onderaan deze pull request **Checks → Omzetten** en download het bestand "
    "**wijs-omzetten** (onder *Artifacts*); pak het zip-bestand uit.\n"
    "2. Ga in je fork naar de map van je rapport, kies **Add file → Upload files** en sleep "
    "`index.md` en de map `figures/` (als die er is) uit het zip-bestand erin.\n"
    "3. Verwijder het Word-bestand uit je fork (open het, **… → Delete file**).\n\n"
    "Makkelijker: dien je onderzoek in met het formulier **Onderzoek indienen** (New issue)."
)

# the form "Vraag stellen"
NO_QUESTION_FORM = "Dit is geen ingevuld formulier 'Vraag stellen'."
NO_QUESTION_FORM_ADVICE = (
    "Open een nieuwe issue met **New issue → Vraag stellen** en vul het formulier in."
)
NOT_CONFIRMED = "De twee vakjes onder 'Bevestiging' zijn niet allebei aangevinkt."
NOT_CONFIRMED_ADVICE = (
    "Een vraag komt van een organisatie of team en noemt geen personen. Klopt dat, bewerk dan "
    "de issue (… → Edit) en vink beide vakjes aan."
)
PERSON_ASKS = "Bij 'Gesteld door' staat iets wat op de naam van een persoon lijkt."
PERSON_ASKS_ADVICE = (
    "Vul je organisatie of team in, bijvoorbeeld WIJ Selwerd of Bewonersinitiatief De Hoogte: "
    "namen van personen komen niet op de site. WIJS neemt zelf contact met je op."
)
QUESTION_PRIVACY = "De vraag bevat mogelijk persoonsgegevens: {found}."
QUESTION_PRIVACY_ADVICE = (
    "Bewerk de issue (… → Edit) en haal namen, e-mailadressen, telefoonnummers en adressen "
    "van personen weg; na **Update comment** probeert de onderzoeksbank het opnieuw. Let op: "
    "de tekst van de issue zelf blijft zichtbaar in de geschiedenis; vraag WIJS om hem te "
    "verbergen als er echt persoonsgegevens in stonden."
)
QUESTION_DONE_HEADING = "### ✅ Je vraag staat klaar voor de vraagbank"
QUESTION_DONE_TEXT = (
    "Je vraag staat nu in {file}. Er komt een pull request bij; een medewerker van WIJS kijkt "
    "de vraag na en voegt hem toe. Daarna staat hij op de site bij de open vragen, waar "
    "docenten en studenten hem vinden."
)
