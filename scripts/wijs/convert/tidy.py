"""Tidying pandoc's document tree (JSON AST) so it becomes Markdown that MkDocs renders well.

Python-Markdown knows pipe tables, footnotes, attr_list and md_in_html, but none of pandoc's
own extensions (fenced divs, bracketed spans, grid tables…): spans and divs are unwrapped,
figures become an image with a caption line, headings start at level 2 (the page title is
the level 1), images move to figures/, and citations get readable keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Node = dict[str, Any]
Visitor = Callable[[Node], Node | list[Node] | None]

UNWRAP = {"Span", "Div", "Underline", "SmallCaps"}
DROP_RAW = {"openxml", "opendocument", "latex", "tex", "context", "rtf"}


def walk(value: Any, visit: Visitor) -> Any:
    """Bottom-up: ``visit`` may return a node, a list of nodes (spliced in place) or None."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            result = walk(item, visit)
            if isinstance(item, dict) and "t" in item and isinstance(result, list):
                out.extend(result)
            elif not (isinstance(item, dict) and "t" in item and result is None):
                out.append(result)
        return out
    if isinstance(value, dict):
        new = {key: walk(child, visit) for key, child in value.items()}
        if "t" in new:
            return visit(new)
        return new
    return value


def cites_in_order(value: Any, in_note: bool = False) -> list[tuple[Node, bool]]:
    """Every Cite node with whether it sits in a footnote, in reading order."""
    found: list[tuple[Node, bool]] = []
    if isinstance(value, list):
        for item in value:
            found += cites_in_order(item, in_note)
    elif isinstance(value, dict):
        kind = value.get("t")
        if kind == "Cite":
            found.append((value, in_note))
        for child in value.values():
            found += cites_in_order(child, in_note or kind == "Note")
    return found


def plain_text(inlines: list[Node]) -> str:
    """The text of inline nodes, as a reader would say it."""
    parts: list[str] = []

    def visit(node: Node) -> Node:
        kind = node.get("t")
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math"):
            parts.append(node["c"][1])
        return node

    walk(inlines, visit)
    return " ".join("".join(parts).split())


def meta_text(value: Any) -> str:
    """The plain text of a metadata value (MetaInlines, MetaString, MetaBlocks)."""
    if not isinstance(value, dict):
        return ""
    kind, content = value.get("t"), value.get("c") or []
    if kind == "MetaString":
        return str(value.get("c") or "")
    if kind == "MetaInlines":
        return plain_text(content)
    if kind == "MetaBlocks":
        return " ".join(plain_text(b.get("c", [])) for b in content if isinstance(b, dict))
    return ""


def meta_list(value: Any) -> list[str]:
    if isinstance(value, dict) and value.get("t") == "MetaList":
        return [t for t in (meta_text(v) for v in value["c"]) if t]
    text = meta_text(value)
    return [text] if text else []


ImageMover = Callable[[str, str], str | None]


@dataclass
class Tidy:
    """One pass over the document; ``move_image(src, alt)`` returns the new path or None."""

    move_image: ImageMover
    warnings: list[str] = field(default_factory=list)

    def blocks(self, blocks: list[Node]) -> list[Node]:
        blocks = walk(blocks, self._visit)
        blocks = _shift_headings(blocks)
        while blocks and blocks[-1].get("t") == "Header":
            blocks.pop()  # "References" with nothing under it: the site adds the list itself
        return blocks

    def _visit(self, node: Node) -> Node | list[Node] | None:
        kind = node["t"]
        if kind in UNWRAP:
            content = node["c"][1] if kind in ("Span", "Div") else node["c"]
            return list(content)
        if kind in ("RawBlock", "RawInline"):
            return None if node["c"][0].lower() in DROP_RAW else node
        if kind == "Header":
            level, _attr, inlines = node["c"]
            return {"t": "Header", "c": [level, ["", [], []], inlines]}
        if kind == "Image":
            return self._image(node)
        if kind == "Link":
            _attr, inlines, target = node["c"]
            return {"t": "Link", "c": [["", [], []], inlines, target]}
        if kind == "Figure":
            return _figure(node)
        if kind == "Para" and not node["c"]:
            return None
        return node

    def _image(self, node: Node) -> Node | list[Node]:
        _attr, alt, (src, _title) = node["c"]
        text = plain_text(alt)
        new = self.move_image(src, text)
        if new is None:
            if not text:
                return []
            return [{"t": "Emph", "c": [{"t": "Str", "c": f"[{text}]"}]}]
        return {"t": "Image", "c": [["", [], []], alt, [new, ""]]}


def _figure(node: Node) -> list[Node]:
    _attr, (_short, caption_blocks), content = node["c"]
    caption: list[Node] = []
    for block in caption_blocks:
        if block.get("t") in ("Plain", "Para"):
            caption += block["c"]
    out = [
        {"t": "Para", "c": block["c"]} if block.get("t") == "Plain" else block for block in content
    ]
    if caption:
        out.append({"t": "Para", "c": [{"t": "Emph", "c": caption}]})
    return out


def _shift_headings(blocks: list[Node]) -> list[Node]:
    levels = [b["c"][0] for b in blocks if b.get("t") == "Header"]
    if not levels or min(levels) >= 2:
        return blocks
    shift = 2 - min(levels)

    def visit(node: Node) -> Node:
        if node["t"] == "Header":
            level, attr, inlines = node["c"]
            if level + shift > 6:
                return {"t": "Para", "c": [{"t": "Strong", "c": inlines}]}
            return {"t": "Header", "c": [level + shift, attr, inlines]}
        return node

    result: list[Node] = walk(blocks, visit)
    return result
