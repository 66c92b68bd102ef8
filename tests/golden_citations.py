"""The golden reference lists: a .bib in tests/golden/citations/ formatted by the one citation
path (pybtex → CSL-JSON → pandoc citeproc with the APA 7 style), as plain text: the in-text
citation of all its entries, an empty line, then the reference list."""

from __future__ import annotations

from pathlib import Path

from wijs.citations import engine
from wijs.citations.bibliography import load_bibliography
from wijs.citations.csl import bibliography_items

GOLDEN = Path(__file__).parent / "golden" / "citations"


def golden_text(bib: Path, language: str) -> str:
    bibliography = load_bibliography(bib)
    assert bibliography is not None
    keys = bibliography.keys
    items = bibliography_items(bibliography.data, keys, language)
    cite = engine.citation_text([("", k, "", False) for k in sorted(keys)], narrative=False)
    job = engine.Job(engine.items_json(items), (cite,), language, nocite=True)
    [rendered] = engine.render([job])
    lines = [engine.plain_text(c) for c in rendered.citations]
    lines += [""] + [engine.plain_text(html) for _, html in rendered.references]
    return "\n".join(lines) + "\n"
