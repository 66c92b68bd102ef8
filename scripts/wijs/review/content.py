"""What a report will publish, as the docent judges it: the words per chapter, and a warning for
each reason a docent would send the report back (empty or very short chapters, no method
section, findings the text does not support, a summary longer than the text, a very short
report). Warnings are Diagnostics: each names the file and line, says what and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wijs.diagnostics import Diagnostic, warning
from wijs.markdown_links import prose_lines
from wijs.model import Report

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK_SYNTAX = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CITATION = re.compile(r"-?@[\w][\w:.#$%&+?<>~/-]*")
_COUNTED = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_WORD = re.compile(r"[^\W\d_]{4,}")

#: A chapter under this many words is 'very short'.
SHORT_CHAPTER = 15
#: A report body under this many words is 'very short' (a poster or factsheet may be).
SHORT_REPORT = 300
SHORT_TYPES = {"poster", "factsheet"}
#: A heading that starts with one of these words is a method section (Dutch and English).
METHOD_WORDS = (
    "methode",
    "methoden",
    "methodologie",
    "methodiek",
    "aanpak",
    "werkwijze",
    "onderzoeksopzet",
    "onderzoeksmethode",
    "onderzoeksmethoden",
    "opzet",
    "dataverzameling",
    "method",
    "methods",
    "methodology",
    "approach",
)
#: Share of a finding's content words that must appear in the body (loose word overlap).
FINDING_OVERLAP = 0.5
#: Words too common to show that a finding comes from the text.
_STOP = frozenset(
    "deze dit die dat zijn hebben heeft werd worden wordt waren was niet nog ook veel meer "
    "maar want omdat als door voor naar over onder tussen zich hun hen haar zijn wel geen "
    "vaak alle andere kunnen moeten willen zouden this that with from have were they their "
    "there which about more most than also into when what will would".split()
)


def count_words(body: str) -> int:
    """Words of the prose: no code, HTML comments, link targets, citation keys or markup."""
    text = "\n".join(line for _, line in prose_lines(_HTML_COMMENT.sub("", body)))
    text = _LINK_SYNTAX.sub(lambda m: m.group(1), text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = _CITATION.sub(" ", text)  # citation keys are not words
    return len(_COUNTED.findall(text))


@dataclass(frozen=True)
class Chapter:
    title: str
    line: int  # in index.md
    words: int


#: The text before the first heading, as a chapter.
OPENING = "Inleidende tekst"


def chapters(report: Report) -> list[Chapter]:
    """The body's chapters: its sections under the highest heading level it uses, each with
    the words of its sub-sections. Text before the first heading is a chapter 'Inleidende
    tekst' when it holds any words."""
    lines = list(prose_lines(report.body))
    levels = [len(m.group(1)) for _, line in lines if (m := _HEADING.match(line))]
    top = min(levels, default=0)
    found: list[tuple[str, int, list[str]]] = [(OPENING, report.body_line, [])]
    for number, line in lines:
        match = _HEADING.match(line)
        if match and len(match.group(1)) == top:
            found.append((match.group(2), report.body_line + number - 1, []))
        elif not match:  # a sub-heading alone is no text: its section's lines are
            found[-1][2].append(line)
    result = [Chapter(title, line, count_words("\n".join(text))) for title, line, text in found]
    if not result[0].words:
        result = result[1:]
    return result


def _content_words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in _STOP}


def _supported(finding: str, body_words: set[str]) -> bool:
    """Loosely: most of the finding's content words (or their first five letters, for
    'ouderen'/'oudere') occur in the body."""
    words = _content_words(finding)
    if not words:
        return True
    stems = {w[:5] for w in body_words}
    hits = sum(1 for w in words if w in body_words or w[:5] in stems)
    return hits / len(words) >= FINDING_OVERLAP


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def content_warnings(path: str, report: Report, chapter_list: list[Chapter]) -> list[Diagnostic]:
    """One warning per reason a docent would send this report back, in the order of the file."""
    meta = report.meta
    short_type = meta.type in SHORT_TYPES
    found: list[Diagnostic] = []
    body_words = count_words(report.body)
    summary_words = count_words(meta.summary)
    if not short_type and body_words < SHORT_REPORT:
        found.append(
            warning(
                path,
                report.body_line,
                "inhoud-kort-rapport",
                f"Het rapport telt maar {body_words} woorden (minder dan {SHORT_REPORT}).",
                "Controleer of de hele tekst is meegekomen; een onderzoeksrapport is meestal "
                "veel langer.",
            )
        )
    if summary_words > body_words:
        found.append(
            warning(
                path,
                report.line_of("summary"),
                "inhoud-samenvatting-langer",
                f"De samenvatting ({summary_words} woorden) is langer dan de tekst zelf "
                f"({body_words} woorden).",
                "Zet de tekst van het rapport onder de front-matter en houd de samenvatting kort.",
            )
        )
    if not short_type and not any(
        c.title.casefold().lstrip("0123456789. ").startswith(METHOD_WORDS) for c in chapter_list
    ):
        found.append(
            warning(
                path,
                report.body_line,
                "inhoud-geen-methode",
                "Het rapport heeft geen hoofdstuk over de methode.",
                "Voeg een hoofdstuk toe met een kop als ‘Methode’, ‘Aanpak’, ‘Werkwijze’ of "
                "‘Onderzoeksopzet’.",
            )
        )
    for chapter in chapter_list:
        if chapter.words == 0:
            found.append(
                warning(
                    path,
                    chapter.line,
                    "inhoud-leeg-hoofdstuk",
                    f"Hoofdstuk ‘{_quote(chapter.title)}’ is leeg.",
                    "Schrijf het hoofdstuk of haal de kop weg.",
                )
            )
        elif chapter.words < SHORT_CHAPTER and chapter.title != OPENING:
            found.append(
                warning(
                    path,
                    chapter.line,
                    "inhoud-kort-hoofdstuk",
                    f"Hoofdstuk ‘{_quote(chapter.title)}’ telt maar {chapter.words} "
                    f"{'woord' if chapter.words == 1 else 'woorden'}.",
                    "Controleer of de tekst van dit hoofdstuk compleet is.",
                )
            )
    words = _content_words(report.body)
    for number, finding in enumerate(meta.findings, start=1):
        if not _supported(finding, words):
            found.append(
                warning(
                    path,
                    report.line_of("findings", number - 1),
                    "inhoud-bevinding-niet-in-tekst",
                    f"Bevinding {number} komt niet terug in de tekst: ‘{_quote(finding)}’",
                    "Een bevinding vat samen wat het rapport laat zien; beschrijf haar ook in "
                    "de resultaten.",
                )
            )
    return found
