"""Ready HTML that needs no Markdown: a page part (a reference list of thirty entries, the
"Citeer dit" block, a citation pandoc is still formatting) is put in the page's Markdown as a
placeholder and put back into the page's HTML after Markdown, before the sanitiser.

Python-Markdown reads every raw HTML block tag by tag to find where it ends; for a long list of
references that costs more than making the list. A block placeholder is an HTML comment, which
Markdown passes through as it is. It names its content by hash, so two pages with the same
Markdown have the same HTML (the live preview compares Markdown to skip unchanged pages).

The parts belong to the page whose Markdown holds their placeholders
(``GeneratedPage.parts``): a page family makes a page inside :func:`collecting`, and the
plugin restores a page's HTML from that page's parts. Nothing outlives the page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"<!--wijs-html:([0-9a-f]{32})-->|wijsinline([0-9a-f]{32})x")


@dataclass
class Part:
    html: str
    #: made when the page's HTML is (a part whose input is still being computed elsewhere)
    make: Callable[[], str] | None = None


#: A page's parts by the hash in their placeholder.
PageParts = dict[str, Part]

_COLLECTING: ContextVar[PageParts | None] = ContextVar("wijs_page_parts", default=None)


@contextmanager
def collecting() -> Iterator[PageParts]:
    """The parts stashed while a page is made (give them to its GeneratedPage)."""
    parts: PageParts = {}
    token = _COLLECTING.set(parts)
    try:
        yield parts
    finally:
        _COLLECTING.reset(token)


def stash(html: str) -> str:
    """A placeholder for ``html`` (a complete HTML block), to be placed on its own lines;
    made outside :func:`collecting` (no page to carry it), the HTML itself."""
    html = html.strip()  # as Markdown places a raw HTML block
    parts = _COLLECTING.get()
    if not html or parts is None:
        return html
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()
    parts.setdefault(digest, Part(html))
    return f"<!--wijs-html:{digest}-->"


def stash_later(name: str, make: Callable[[], str], *, inline: bool = False) -> str:
    """A placeholder for HTML that ``make()`` returns when the page's HTML is made, in a full
    build (a citation pandoc is still formatting while MkDocs makes other pages). ``name``
    tells the part from every other of the page. ``inline``: the placeholder stands in a
    line of text, as a word (a comment that starts a line would end the paragraph)."""
    parts = _COLLECTING.get()
    if parts is None:
        return make().strip()
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=16).hexdigest()
    parts[digest] = Part("", make)
    return f"wijsinline{digest}x" if inline else f"<!--wijs-html:{digest}-->"


def has_placeholders(text: str) -> bool:
    return "<!--wijs-html:" in text or "wijsinline" in text


def restore(html: str, parts: PageParts) -> str:
    """The page HTML with every placeholder replaced by its part."""
    if not has_placeholders(html):
        return html

    def put_back(match: re.Match[str]) -> str:
        part = parts.get(match.group(1) or match.group(2))
        if part is None:
            return match.group(0)
        if part.make is not None:
            part.html, part.make = part.make().strip(), None
        return part.html

    return _PLACEHOLDER.sub(put_back, html)
