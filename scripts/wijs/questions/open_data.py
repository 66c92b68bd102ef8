"""The vraagbank as open data: every question with its status and the published reports that
answer it, as data/vragen.csv and data/vragen.json (fields in docs/open-data.md). Written by
the open-data writer's own CSV helper, so formula cells are defused the same way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wijs.citations.exports import absolute_url
from wijs.outputs.open_data import DATA_DIR, csv_cell, write_csv
from wijs.pages.site import Site
from wijs.questions.model import Question

#: Columns of vragen.csv, in order (documented in docs/open-data.md).
CSV_FIELDS = [
    "id",
    "url",
    "title",
    "question",
    "asked_by",
    "neighbourhood",
    "neighbourhood_label",
    "theme",
    "theme_label",
    "level",
    "asked",
    "status",
    "answered",
    "days_to_answer",
    "answered_by",
    "lapsed_reason",
    "context",
]


def question_record(question: Question, site: Site) -> dict[str, Any]:
    vb = site.vraagbank
    m = question.meta
    vocabulary = site.vocabulary
    answered = vb.answered_on(question)
    return {
        "id": question.slug,
        "url": absolute_url(site, question.url),
        "title": m.title,
        "question": m.question,
        "asked_by": m.asked_by,
        "neighbourhood": list(m.neighbourhood),
        "neighbourhood_label": [vocabulary.wijken.label(w) for w in m.neighbourhood],
        "theme": list(m.theme),
        "theme_label": [vocabulary.themes.label(t) for t in m.theme],
        "level": list(m.level),
        "asked": m.asked.isoformat(),
        "status": vb.status(question),
        "answered": answered.isoformat() if answered else None,
        "days_to_answer": vb.days_to_answer(question),
        "answered_by": [r.key for r in vb.published_answers(question)],
        "lapsed_reason": m.lapsed_reason,
        "context": question.body.strip(),
    }


def write_question_data(site: Site, site_dir: Path) -> None:
    """OUTPUT_WRITERS: data/vragen.csv and data/vragen.json, sorted by id."""
    questions = sorted(site.vraagbank.questions, key=lambda q: q.slug)
    records = [question_record(q, site) for q in questions]
    folder = site_dir / DATA_DIR
    write_csv(
        folder / "vragen.csv",
        CSV_FIELDS,
        ([csv_cell(record[f]) for f in CSV_FIELDS] for record in records),
    )
    document = {
        "title": "WIJS Onderzoeksbank: vragen uit de stad",
        "generated": site.today.isoformat(),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "count": len(records),
        "questions": records,
    }
    (folder / "vragen.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
