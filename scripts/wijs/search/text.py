"""A report's Markdown as plain words: what search indexes and what overlap detection compares."""

from __future__ import annotations

import re

from wijs.model import Report

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CITATION = re.compile(r"\[?-?@[\w:.#$%&+?<>~/-]+(?:,[^\]]*)?\]?")
_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[#*_`>|~]+|^\s*[-+]\s+|\{[:.#][^}]*\}", re.M)
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """Markdown without its markup: the words a reader sees, on one line."""
    text = _FENCE.sub(" ", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CITATION.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def index_text(markdown: str) -> str:
    """Markdown without what a tokenizer would take for words (link targets, tags, code
    blocks); cheaper than plain_text, for an index that splits into words anyway."""
    text = _FENCE.sub(" ", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    return _TAG.sub(" ", text)


def report_text(report: Report) -> str:
    """Summary, findings, recommendations and body of a report as plain text."""
    meta = report.meta
    parts = [meta.summary, *meta.findings, *meta.recommendations, plain_text(report.body)]
    return " ".join(p for p in parts if p)
