"""The privacy scan: personal data in the front-matter, body, references, attachments and image
metadata of a report. Every finding is an error (a report with one does not publish) unless the
report allows that exact value in ``privacy_exceptions`` with a reason.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from wijs.attachments_text import attachment_text
from wijs.checks.privacy_patterns import (
    Match,
    canonical,
    find_all,
    may_hold_personal_data,
    without_overlaps,
)
from wijs.checks.reader_text import reader_text
from wijs.diagnostics import Diagnostic, error, warning
from wijs.images import RASTER_SUFFIXES, inspect_image
from wijs.limits import load_limits
from wijs.model import PrivacyException, Report
from wijs.research import Corpus
from wijs.vocabulary import load_vocabulary

SCANNED_FOLDERS = ("figures", "attachments")

#: kind → (check code, what it is in Dutch, how to fix it)
KINDS: dict[str, tuple[str, str, str]] = {
    "email": (
        "privacy-email",
        "een e-mailadres",
        "Haal het adres weg of vervang het door een algemeen adres van de organisatie.",
    ),
    "phone": (
        "privacy-phone",
        "een telefoonnummer",
        "Haal het nummer weg; noem zo nodig het algemene nummer van de organisatie.",
    ),
    "bsn": (
        "privacy-bsn",
        "een burgerservicenummer (BSN)",
        "Een BSN hoort nooit in een rapport: haal het weg.",
    ),
    "iban": (
        "privacy-iban",
        "een IBAN-rekeningnummer",
        "Haal het rekeningnummer weg.",
    ),
    "address": (
        "privacy-address",
        "een adres (postcode met huisnummer)",
        "Noem alleen de straat of de buurt, niet het huisnummer met postcode.",
    ),
    "birthdate": (
        "privacy-birthdate",
        "een geboortedatum",
        "Noem een leeftijd of leeftijdsgroep ('70 jaar', '65-75 jaar') in plaats van de datum.",
    ),
    "name": (
        "privacy-name",
        "de naam van een respondent of bewoner",
        "Gebruik een schuilnaam en zeg dat erbij ('Anna (pseudoniem)'), of 'respondent 3'.",
    ),
    "asked-by": (
        "privacy-asked-by",
        "de naam van een persoon als vraagsteller",
        "Een vraag komt van een organisatie of team: schrijf bijvoorbeeld asked_by: WIJ Selwerd "
        "of asked_by: Bewonersinitiatief De Hoogte; een bewoner met een eigen vraag: 'Bewoner "
        "uit <wijk>'. WIJS legt zelf contact met wie de vraag stelde.",
    ),
    "exif": (
        "privacy-exif",
        "persoonlijke metadata in de afbeelding",
        "De site publiceert een opgeschoonde kopie, maar het origineel komt in de repository. "
        "Verwijder de gegevens: in Windows via Eigenschappen → Details → 'Eigenschappen en "
        "persoonlijke gegevens verwijderen', op een Mac door de foto te exporteren zonder "
        "locatie-informatie.",
    ),
}
EXCEPTION_HINT = (
    " Mag dit gegeven echt openbaar (bijvoorbeeld het algemene adres van WIJS)? Zet het dan "
    "in de front-matter onder privacy_exceptions, met een reden: "
    'privacy_exceptions: [{value: "...", reason: "..."}].'
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: where it stands and what it is."""

    kind: str
    value: str
    path: str  # as the user sees it
    line: int
    column: int
    where: str = ""  # e.g. 'pagina 2' in a pdf, 'veld summary'


@dataclass(frozen=True)
class ExceptionUse:
    """A privacy exception of a report, with its reason and how many findings it allows."""

    report: str
    value: str
    reason: str
    line: int
    uses: int


# -- what is scanned ----------------------------------------------------------------------------


def _walk(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def place_names(root: Path) -> frozenset[str]:
    """Words that look like names after 'bewoner' but are places: the wijken and stadsdelen of
    the vocabulary in the research folder ``root`` (read again when the file changed: a live
    preview runs for hours while someone adds a wijk)."""
    path = root / "vocabulary.yml"
    try:
        found = path.stat()
    except OSError:
        return frozenset()
    return _place_names(path, found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=4)
def _place_names(path: Path, modified: int, size: int) -> frozenset[str]:
    """The place names of the vocabulary file ``path`` as it was when ``modified`` and ``size``
    were taken (they only key the cache)."""
    try:
        vocabulary = load_vocabulary(path)
    except Exception:
        return frozenset()
    words: set[str] = set()
    for terms in (vocabulary.wijken, vocabulary.stadsdelen):
        for term in terms:
            for text in (term.label, *term.aliases):
                words.add(text.casefold())
                words.update(w.casefold() for w in text.split())
    return frozenset(words)


#: the longest line the scan reads; a longer one is an error of its own (and not scanned), so
#: the scan's work stays bounded whatever a file holds
MAX_LINE_CHARS = 50_000


def find_in_text(text: str, not_names: frozenset[str], markdown: bool) -> list[Match]:
    """Personal data in ``text`` as a reader sees it (Markdown rendered when ``markdown``:
    '06-1234**5678**', '1112&#50;22333') and in what the page holds out of sight (tags and
    their attributes, link targets, comments), each match at its start in ``text``."""
    shown = reader_text(text, markdown)
    found: list[Match] = []
    if may_hold_personal_data(shown.text):
        for match in find_all(shown.text, not_names):
            start = shown.source_position(match.start)
            end = shown.source_position(match.start + len(match.value) - 1) + 1
            found.append(Match(match.kind, match.value, start, end - start))
    for start, end in shown.hidden:
        part = text[start:end]
        if may_hold_personal_data(part):
            found += [Match(m.kind, m.value, m.start + start) for m in find_all(part, not_names)]
    return without_overlaps(found) if shown.hidden else found


def _scan_lines(
    text: str,
    path: str,
    first_line: int,
    not_names: frozenset[str],
    where: str = "",
    markdown: bool = False,
) -> Iterator[Finding]:
    # the patterns never cross a line break (in the reader's text only a paragraph's), so the
    # whole text is scanned at once and each match is placed on its line afterwards: far
    # faster than a loop over the lines
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    if any(len(line) > MAX_LINE_CHARS for line in lines):
        for index, line in enumerate(lines):
            if len(line) > MAX_LINE_CHARS:
                yield Finding("line-too-long", str(len(line)), path, first_line + index, 1, where)
                lines[index] = ""
        text = "\n".join(lines)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
    for match in find_in_text(text, not_names, markdown):
        index = bisect_right(starts, match.start) - 1
        column = match.start - starts[index] + 1
        yield Finding(match.kind, match.value, path, first_line + index, column, where)


#: .bib fields that hold identifiers and numbers, not people: left out of the scan (their
#: digits look like phone numbers and BSNs, and scanning them costs most of the time)
#: (a line break first, matched case-sensitively: the engine then only tries at line breaks)
_BIB_IDENTIFIER_FIELD = re.compile(
    r"\n(?i:[ \t]*(?:doi|url|isbn|issn|pages|year|volume|number|month|urldate|eprint|date|"
    r"issue)[ \t]*=)[^\n]*"
)


def _without_identifiers(bib: str) -> str:
    """The .bib text with the identifier fields' lines left empty."""
    return _BIB_IDENTIFIER_FIELD.sub("\n", "\n" + bib)[1:]


def find_in_front_matter_and_body(
    meta: dict[str, Any],
    line_of: Callable[..., int],
    body: str,
    body_line: int,
    source: str,
    not_names: frozenset[str],
) -> list[Finding]:
    """Findings in the text fields of a front-matter (``meta``, as plain data; ``line_of`` gives
    a field's line) and in the Markdown body below it: of a report, or of a question."""
    found: list[Finding] = []
    for path, text in _walk(meta, ()):
        if not may_hold_personal_data(text) and "&" not in text:
            continue  # nothing find_all could find (most fields)
        line = line_of(*path)
        dotted = ".".join(str(p) for p in path)
        for match in find_in_text(text.replace("\n", " "), not_names, markdown=True):
            found.append(Finding(match.kind, match.value, source, line, 1, f"veld {dotted}"))
    found.extend(_scan_lines(body, source, body_line, not_names, markdown=True))
    return found


def find_personal_data(report: Report) -> list[Finding]:
    """Every finding in a report and its files, before exceptions are applied."""
    not_names = place_names(report.root)
    meta = report.meta.model_dump(mode="json", exclude={"privacy_exceptions"})
    found = find_in_front_matter_and_body(
        meta, report.line_of, report.body, report.body_line, report.source, not_names
    )
    base = report.root.parent
    bib_bytes = load_limits(report.root)[0].bib_bytes
    for bib in sorted(report.folder.glob("*.bib")):
        if bib.stat().st_size > bib_bytes:
            continue  # refused unread (bib-too-large): neither scanned nor published
        text = _without_identifiers(bib.read_bytes().decode("utf-8", "replace"))
        found.extend(_scan_lines(text, _shown(bib, base), 1, not_names))
    for folder_name in SCANNED_FOLDERS:
        folder = report.folder / folder_name
        if not folder.is_dir() or folder.is_symlink():
            continue
        for file in sorted(folder.rglob("*")):
            if file.is_file() and not file.is_symlink():
                found.extend(_scan_file(file, _shown(file, base), not_names))
    return found


def _shown(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _scan_file(file: Path, shown: str, not_names: frozenset[str]) -> Iterator[Finding]:
    if file.suffix.lower() in RASTER_SUFFIXES:
        metadata = inspect_image(file.read_bytes())
        if metadata is not None and metadata.personal:
            yield Finding(
                "exif", shown.split("/", 3)[-1], shown, 1, 1, ", ".join(metadata.personal)
            )
        # comments and XMP: what a reader of the file sees, though the page does not show it
        for metadata_text in metadata.texts if metadata is not None else ():
            yield from _scan_lines(metadata_text, shown, 1, not_names, "metadata")
        return
    text = attachment_text(file)
    if text is None:
        return
    if text.problem:
        yield Finding("unreadable", text.problem, shown, 1, 1)
        return
    for number, page in enumerate(text.pages, start=1):
        where = f"pagina {number}" if len(text.pages) > 1 else ""
        yield from _scan_lines(page, shown, 1, not_names, where)
    for where, hidden in text.hidden:
        yield from _scan_lines(hidden, shown, 1, not_names, where)
    if text.refused:
        yield Finding("hidden-content", " en ".join(text.refused), shown, 1, 1)


# -- the check ----------------------------------------------------------------------------------


def check_privacy(report: Report) -> Iterator[Diagnostic]:
    yield from privacy_diagnostics(
        find_personal_data(report),
        report.meta.privacy_exceptions,
        report.source,
        report.line_of,
        "het rapport",
    )


def privacy_diagnostics(
    findings: Iterable[Finding],
    exceptions: Sequence[PrivacyException],
    source: str,
    line_of: Callable[..., int],
    what: str,
) -> Iterator[Diagnostic]:
    """The findings as diagnostics, less those ``exceptions`` allow; an exception that allows
    nothing is a warning. ``what`` names the file in the message ('het rapport', 'de vraag')."""
    used = [0] * len(exceptions)
    for finding in findings:
        if finding.kind == "unreadable":
            yield warning(
                finding.path,
                1,
                "privacy-unscanned",
                f"De privacyscan kon deze bijlage niet lezen: {finding.value}.",
                "Controleer zelf of er persoonsgegevens in staan, of lever de bijlage aan als "
                "gewone pdf, docx of odt.",
            )
            continue
        if finding.kind == "hidden-content":
            yield error(
                finding.path,
                1,
                "privacy-hidden-content",
                f"Deze bijlage bevat {finding.value}. Die gaan met het bestand mee naar de "
                "site, maar wie het rapport nakijkt ziet ze niet; zo wordt het rapport niet "
                "gepubliceerd.",
                "Open het bestand, accepteer of weiger alle wijzigingen en verwijder alle "
                "opmerkingen (Word: Bestand → Info → Controleren op problemen → Document "
                "inspecteren; LibreOffice: Bewerken → Wijzigingen bijhouden → Beheren), en sla "
                "het opnieuw op.",
            )
            continue
        if finding.kind == "line-too-long":
            yield error(
                finding.path,
                finding.line,
                "privacy-line-too-long",
                f"Deze regel is {_number(int(finding.value))} tekens lang; de privacyscan leest "
                f"regels tot {_number(MAX_LINE_CHARS)} tekens en slaat deze over.",
                "Zet regelovergangen in de tekst (een alinea per regel, een lege regel ertussen), "
                "of haal de regel weg als hij er per ongeluk in staat.",
            )
            continue
        allowed = [
            i
            for i, exc in enumerate(exceptions)
            if canonical(finding.kind, exc.value) == canonical(finding.kind, finding.value)
        ]
        if allowed:
            for i in allowed:
                used[i] += 1
            continue
        code, noun, hint = KINDS[finding.kind]
        where = f" ({finding.where})" if finding.where else ""
        shown_value = finding.value if finding.kind != "exif" else finding.where
        if finding.kind == "exif":
            where = ""
        yield error(
            finding.path,
            finding.line,
            code,
            f"Mogelijk {noun}{where}: '{shown_value}'. Persoonsgegevens worden niet gepubliceerd.",
            hint + EXCEPTION_HINT,
            column=finding.column,
        )
    for index, exc in enumerate(exceptions):
        if not used[index]:
            yield warning(
                source,
                line_of("privacy_exceptions", index),
                "privacy-exception-unused",
                f"De privacy-uitzondering voor '{exc.value}' komt nergens in {what} voor.",
                "Haal de uitzondering weg, of schrijf de waarde precies zoals in de tekst.",
            )


def _number(value: int) -> str:
    """12345 → '12.345', as Dutch readers write it."""
    return f"{value:_}".replace("_", ".")


def list_exceptions(reports: Iterable[Report]) -> list[ExceptionUse]:
    """Every privacy exception with its reason, for a reviewer to judge (``wijs review``)."""
    result = []
    for report in reports:
        exceptions = report.meta.privacy_exceptions
        if not exceptions:
            continue
        findings = find_personal_data(report)
        for index, exc in enumerate(exceptions):
            uses = sum(
                canonical(f.kind, exc.value) == canonical(f.kind, f.value)
                for f in findings
                if f.kind in KINDS
            )
            result.append(
                ExceptionUse(
                    report.source,
                    exc.value,
                    exc.reason,
                    report.line_of("privacy_exceptions", index),
                    uses,
                )
            )
    return result


def corpus_exceptions(corpus: Corpus) -> list[ExceptionUse]:
    """Every privacy exception in the corpus."""
    return list_exceptions(corpus.reports)
