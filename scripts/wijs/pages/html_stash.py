"""Ready HTML that needs no Markdown: a page part (a reference list of thirty entries, the
"Citeer dit" block) is put in the page's Markdown as a one-line placeholder and put back into
the page's HTML after Markdown, before the sanitiser.

Python-Markdown reads every raw HTML block tag by tag to find where it ends; for a long list of
references that costs more than making the list. A placeholder is an HTML comment, which
Markdown passes through as it is. It names its content by hash, so two pages with the same
Markdown have the same HTML (the live preview compares Markdown to skip unchanged pages).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"<!--wijs-html:([0-9a-f]{32})-->|wijsinline([0-9a-f]{32})x")


@dataclass
class _Part:
    html: str
    uses: int = 0  # placeholders handed out and not yet put back
    #: made when the page's HTML is (a part whose input is still being computed elsewhere)
    make: Callable[[], str] | None = None


_STORE: dict[str, _Part] = {}


def stash(html: str) -> str:
    """A placeholder for ``html`` (a complete HTML block), to be placed on its own lines."""
    html = html.strip()  # as Markdown places a raw HTML block
    if not html:
        return ""
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()
    part = _STORE.setdefault(digest, _Part(html))
    part.uses += 1
    return f"<!--wijs-html:{digest}-->"


def stash_later(name: str, make: Callable[[], str], *, inline: bool = False) -> str:
    """A placeholder for HTML that ``make()`` returns when the page's HTML is made, in a full
    build (a citation pandoc is still formatting while MkDocs makes other pages). ``name``
    tells the part from every other of the build. ``inline``: the placeholder stands in a
    line of text, as a word (a comment that starts a line would end the paragraph)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=16).hexdigest()
    _STORE[digest] = _Part("", 1, make)
    return f"wijsinline{digest}x" if inline else f"<!--wijs-html:{digest}-->"


def restore(html: str, *, keep: bool = True) -> str:
    """The page HTML with every placeholder replaced by its HTML. ``keep=False`` forgets the
    parts once placed (a full build renders each page once)."""
    if "<!--wijs-html:" not in html and "wijsinline" not in html:
        return html

    def put_back(match: re.Match[str]) -> str:
        digest = match.group(1) or match.group(2)
        part = _STORE.get(digest)
        if part is None:
            return match.group(0)
        if part.make is not None:
            part.html, part.make = part.make().strip(), None
        if not keep:
            part.uses -= 1
            if part.uses <= 0:
                del _STORE[digest]
        return part.html

    return _PLACEHOLDER.sub(put_back, html)


def clear() -> None:
    _STORE.clear()
