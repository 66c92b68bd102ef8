"""JSON Schema of the front-matter, with the vocabulary filled in, for editor autocompletion."""

from __future__ import annotations

from typing import Any

from wijs.model import ReportMeta
from wijs.vocabulary import KIND_LABELS, KINDS, Vocabulary

SCHEMA_ID = "https://wijs-groningen.nl/onderzoeksbank/report.schema.json"


def _term_schema(vocabulary: Vocabulary, kind: str) -> dict[str, Any]:
    terms = vocabulary.kind(kind)
    names: list[str] = []
    for term in terms:
        for written in (term.id, term.label, *term.aliases):
            # wijs check ignores capitals; offer the spellings people actually type
            for name in (written, written.lower(), written[:1].upper() + written[1:]):
                if name not in names:
                    names.append(name)
    one = {
        "type": "string",
        "enum": names,
        "description": f"Een {KIND_LABELS[kind]} uit research/vocabulary.yml (id, label of alias).",
    }
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}


def report_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    schema = ReportMeta.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "WIJS-onderzoeksrapport (front-matter)"
    properties = schema["properties"]
    for kind in KINDS:
        if kind in properties:
            properties[kind] = {**_term_schema(vocabulary, kind), "title": KIND_LABELS[kind]}
    for field in ("supervisors", "findings", "recommendations", "keywords", "answers"):
        if field in properties:
            item = {"type": "string", "minLength": 1}
            properties[field] = {"anyOf": [item, {"type": "array", "items": item}]}
    author = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Author"}]}
    properties["authors"] = {"anyOf": [author, {"type": "array", "items": author, "minItems": 1}]}
    properties["year"]["minimum"] = 2000
    return schema
