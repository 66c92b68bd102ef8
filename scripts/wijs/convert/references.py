"""Sources cited through Zotero or Mendeley: readable citation keys and references.bib.

Mendeley numbers the items of every citation field from ITEM-1 again, so the ids in the
document are not unique; keys are made from the item data itself (author + year).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from wijs.convert.pandoc import run_pandoc


def _ascii(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _year(item: dict[str, Any]) -> str:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = str(parts[0][0])
            if year.isdigit():
                return year
        literal = str(issued.get("literal") or issued.get("raw") or "")
        match = re.search(r"\d{4}", literal)
        if match:
            return match.group()
    return "zj"  # zonder jaar


def _name(item: dict[str, Any]) -> str:
    for role in ("author", "editor"):
        people = item.get(role)
        if isinstance(people, list) and people and isinstance(people[0], dict):
            first = people[0]
            name = _ascii(str(first.get("family") or first.get("literal") or ""))
            if name:
                return name
    words = [_ascii(w) for w in str(item.get("title") or "").split()]
    return next((w for w in words if len(w) > 3), "bron")


def identity(item: dict[str, Any]) -> str:
    """Two citations of the same source get the same key."""
    doi = str(item.get("DOI") or "").strip().lower()
    if doi:
        return f"doi:{doi}"
    title = _ascii(str(item.get("title") or ""))
    if title:
        return f"title:{title}:{_year(item)}"
    clean = {k: v for k, v in item.items() if k != "id"}
    return "data:" + json.dumps(clean, sort_keys=True, ensure_ascii=False)


class KeyMaker:
    """Gives each distinct source a key like 'bellomo2016', 'bellomo2016b' for a second one."""

    def __init__(self) -> None:
        self.by_identity: dict[str, str] = {}
        self.items: dict[str, dict[str, Any]] = {}

    def key(self, item: dict[str, Any]) -> str:
        ident = identity(item)
        if ident in self.by_identity:
            return self.by_identity[ident]
        base = f"{_name(item)}{_year(item)}"
        key, suffix = base, ord("b")
        while key in self.items:
            key = f"{base}{chr(suffix)}"
            suffix += 1
        self.by_identity[ident] = key
        self.items[key] = {**_clean(item), "id": key}
        return key


def _clean(value: Any) -> Any:
    """Without Mendeley's empty name parts and BibTeX braces, which pandoc would keep."""
    if isinstance(value, dict):
        return {
            k: _clean(v)
            for k, v in value.items()
            if v not in ("", None, [], {}) and k != "parse-names"
        }
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return value.replace("{", "").replace("}", "")
    return value


def bibtex(items: dict[str, dict[str, Any]]) -> str:
    """BibTeX for CSL JSON items (written by pandoc, which knows both formats well)."""
    data = json.dumps(list(items.values()), ensure_ascii=False).encode("utf-8")
    out, _ = run_pandoc(["--from=csljson", "--to=bibtex", "--wrap=none"], stdin=data)
    return out.decode("utf-8")
