"""Credits of figures: every figure says who made it and, when that was not the authors, where
it comes from and under which licence. The front-matter holds one entry per figure::

    figures:
      - {file: figures/grafiek.png, credit: own}
      - file: figures/kaart.png
        source: Gemeente Groningen, Wijkmonitor 2023
        license: CC-BY-4.0
        url: https://...

The credit is placed under the figure on the page (:func:`web_transform`) and in downloads
(:func:`body_with_credits`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from wijs.markdown_links import is_external, iter_links, prose_lines
from wijs.model import LICENSE_LABELS, LICENSE_URLS, FigureCredit, Report

FIGURES_FOLDER = "figures"

#: Licences a figure by someone else may carry: id → (label, URL).
FIGURE_LICENSES: dict[str, tuple[str, str]] = {
    **{key: (LICENSE_LABELS[key], LICENSE_URLS[key]) for key in LICENSE_LABELS},
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"),
    "CC-BY-ND-4.0": ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/deed.nl"),
    "CC-BY-NC-SA-4.0": (
        "CC BY-NC-SA 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl",
    ),
    "CC-BY-3.0": ("CC BY 3.0", "https://creativecommons.org/licenses/by/3.0/deed.nl"),
    "CC-BY-SA-3.0": ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/deed.nl"),
    "ODbL-1.0": ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "public-domain": ("publiek domein", ""),
    "permission": ("met toestemming van de rechthebbende", ""),
}

#: Text under a figure, in Dutch (HTML-free; the renderers add links).
OWN_CREDIT = "Eigen figuur van de auteurs."
LABEL_AUTHOR = "Maker"
LABEL_SOURCE = "Bron"
LABEL_LICENSE = "Licentie"

_IMAGE = re.compile(
    r"!\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?"
    r"(?:\s+[\"'(][^\"')]*[\"')])?\s*\)(?:\{[^}\n]*\})?"
)


def normal_path(target: str) -> str:
    """'./figures/Kaart%20A.png' → 'figures/Kaart A.png'."""
    path = unquote(urlsplit(target).path)
    return PurePosixPath(path).as_posix().removeprefix("./")


def license_id(value: str) -> str | None:
    """The known licence id for a spelling like 'cc by 4.0', or None."""
    key = re.sub(r"[\s_]+", "-", value.strip()).lower()
    for known in FIGURE_LICENSES:
        if known.lower() == key:
            return known
    return None


def credits_by_file(report: Report) -> dict[str, FigureCredit]:
    return {normal_path(entry.file): entry for entry in report.meta.figures}


def is_third_party(entry: FigureCredit) -> bool:
    return not entry.is_own


def used_figures(report: Report) -> list[tuple[int, str]]:
    """(1-based line in index.md, normalised path) of every local image in figures/."""
    found = []
    for link in iter_links(report.body):
        if not link.is_image or not link.target or is_external(link.target):
            continue
        path = normal_path(link.target)
        if path.startswith(FIGURES_FOLDER + "/"):
            found.append((report.body_line + link.line - 1, path))
    return found


@dataclass(frozen=True)
class FigureStatus:
    used: int
    own: int
    licensed: int
    unlicensed: int
    uncredited: int


def figure_status(report: Report) -> FigureStatus:
    credits = credits_by_file(report)
    paths = {path for _, path in used_figures(report)}
    own = licensed = unlicensed = uncredited = 0
    for path in paths:
        entry = credits.get(path)
        if entry is None:
            uncredited += 1
        elif entry.is_own:
            own += 1
        elif entry.source and entry.license:
            licensed += 1
        else:
            unlicensed += 1
    return FigureStatus(len(paths), own, licensed, unlicensed, uncredited)


# -- the credit as text ------------------------------------------------------------------------


def _license(entry: FigureCredit) -> tuple[str, str]:
    known = license_id(entry.license or "")
    return FIGURE_LICENSES[known] if known else (entry.license or "", "")


def credit_html(entry: FigureCredit) -> str:
    """The credit of one figure as inline HTML, every value escaped."""
    if entry.is_own:
        return html.escape(OWN_CREDIT)
    parts = []
    if entry.author:
        parts.append(f"{LABEL_AUTHOR}: {html.escape(entry.author)}")
    if entry.source:
        source = html.escape(entry.source)
        if entry.url and _is_web(entry.url):
            source = f'<a href="{html.escape(entry.url, quote=True)}">{source}</a>'
        parts.append(f"{LABEL_SOURCE}: {source}")
    label, url = _license(entry)
    if label:
        text = html.escape(label)
        if url:
            text = f'<a href="{html.escape(url, quote=True)}" rel="license">{text}</a>'
        parts.append(f"{LABEL_LICENSE}: {text}")
    return ". ".join(parts) + "."


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def credit_markdown(entry: FigureCredit) -> str:
    """The credit of one figure as portable Markdown (pandoc and Python-Markdown)."""
    if entry.is_own:
        return OWN_CREDIT
    parts = []
    if entry.author:
        parts.append(f"{LABEL_AUTHOR}: {_md_escape(entry.author)}")
    if entry.source:
        source = _md_escape(entry.source)
        if entry.url and _is_web(entry.url):
            source = f"[{source}](<{entry.url}>)"
        parts.append(f"{LABEL_SOURCE}: {source}")
    label, url = _license(entry)
    if label:
        parts.append(f"{LABEL_LICENSE}: " + (f"[{_md_escape(label)}](<{url}>)" if url else label))
    return ". ".join(parts) + "."


def _is_web(url: str) -> bool:
    return url.startswith(("https://", "http://"))


# -- placing credits in the body -----------------------------------------------------------


def _with_credits(body: str, credits: dict[str, FigureCredit], web: bool) -> str:
    if not credits:
        return body
    lines = body.split("\n")
    prose = {number for number, _ in prose_lines(body)}
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number not in prose or "![" not in line:
            out.append(line)
            continue
        matches = [m for m in _IMAGE.finditer(line) if normal_path(m.group("target")) in credits]
        if not matches:
            out.append(line)
            continue
        alone = (
            len(matches) == 1
            and line.strip() == matches[0].group(0)
            and not line.startswith((" ", "\t"))
            and (number == 1 or not lines[number - 2].strip())
            and (number == len(lines) or not lines[number].strip())
        )
        if alone:
            entry = credits[normal_path(matches[0].group("target"))]
            if web:
                out += [
                    '<figure class="wijs-figure" markdown="1">',
                    "",
                    line,
                    "",
                    f'<figcaption class="wijs-credit">{credit_html(entry)}</figcaption>',
                    "",
                    "</figure>",
                ]
            else:
                out += [line, "", f"*{credit_markdown(entry)}*"]
            continue
        # an image inside a paragraph or list: the credit follows it on the same line
        for match in reversed(matches):
            entry = credits[normal_path(match.group("target"))]
            credit = (
                f' <small class="wijs-credit">({credit_html(entry)})</small>'
                if web
                else f" *({credit_markdown(entry)})*"
            )
            line = line[: match.end()] + credit + line[match.end() :]
        out.append(line)
    return "\n".join(out)


def web_transform(report: Report, markdown: str) -> str:
    """The body on the report page: every credited figure becomes a <figure> with its credit."""
    return _with_credits(markdown, credits_by_file(report), web=True)


def body_with_credits(report: Report) -> str:
    """The publishable body for downloads (PDF, DOCX) and deposits: confidential blocks left
    out, each credited figure followed by its credit in portable Markdown."""
    return _with_credits(report.body, credits_by_file(report), web=False)
