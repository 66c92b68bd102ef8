"""A question asked through the issue form "Vraag stellen": the saved issue event → checked
form values (no markup, no invisible characters, known wijken, thema's and levels, an
organisation as asker, no personal data) → research/vragen/<slug>.md written by the same code
as ``wijs vraag``. Hostile input is refused with a Dutch reason before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wijs.checks.privacy import KINDS, place_names
from wijs.checks.privacy import find_in_text as find_personal_data
from wijs.corpus import load_corpus
from wijs.errors import WijsError
from wijs.new_report import NEW_REFUSED, slugify
from wijs.questions.new import NewQuestion, check_asker, create_question, free_slug
from wijs.research import VOCABULARY_FILE
from wijs.submission import form, messages
from wijs.submission.common import (
    REFUSED,
    SubmissionResult,
    check_plain,
    chosen_terms,
    refused,
)
from wijs.vocabulary import load_vocabulary

MAX_LENGTH = {
    form.Q_TITLE: 200,
    form.Q_QUESTION: 1000,
    form.Q_ASKED_BY: 200,
    form.Q_CONTEXT: 4000,
}
TERMS = ((form.WIJK, "neighbourhood"), (form.THEME, "theme"), (form.Q_LEVEL, "level"))


def submit_question(
    event: dict[str, Any], research_dir: Path, *, today: dt.date | None = None
) -> SubmissionResult:
    """Turn the issue of ``event`` (made with the form "Vraag stellen") into a question file."""
    today = today or dt.date.today()
    issue = event.get("issue") if isinstance(event, dict) else None
    number = issue.get("number") if isinstance(issue, dict) else None
    result = SubmissionResult(number if isinstance(number, int) else 0)
    try:
        body = issue.get("body") if isinstance(issue, dict) else None
        if not isinstance(body, str):
            raise refused(messages.NO_QUESTION_FORM, messages.NO_QUESTION_FORM_ADVICE)
        new = _question(form.parse_body(body), research_dir, today)
        result.title = new.title
        new.slug = free_slug(research_dir, slugify(new.title))
        try:
            path = create_question(research_dir, new)
        except WijsError as exc:
            if exc.code != NEW_REFUSED:
                raise
            raise refused(str(exc), messages.NO_QUESTION_FORM_ADVICE) from exc
    except WijsError as exc:
        if exc.code != REFUSED:
            raise
        result.refused = exc
        return result
    result.question = path.relative_to(research_dir.parent).as_posix()
    result.diagnostics = list(load_corpus(research_dir, [path]).diagnostics)
    return result


def _question(values: form.FormValues, research_dir: Path, today: dt.date) -> NewQuestion:
    if form.Q_TITLE not in values.fields or form.Q_QUESTION not in values.fields:
        raise refused(messages.NO_QUESTION_FORM, messages.NO_QUESTION_FORM_ADVICE)
    for name, limit in MAX_LENGTH.items():
        check_plain(name, values.get(name), limit)
    if not {form.Q_ON_BEHALF, form.Q_NO_PERSONAL_DATA} <= values.checked:
        raise refused(messages.NOT_CONFIRMED, messages.NOT_CONFIRMED_ADVICE)
    vocabulary = load_vocabulary(research_dir / VOCABULARY_FILE)
    chosen: dict[str, list[str]] = {}
    for heading, kind in TERMS:
        chosen[kind] = chosen_terms(vocabulary, kind, heading, values.get(heading))
        if not chosen[kind]:
            raise refused(
                messages.UNKNOWN_CHOICE.format(field=heading, error="kies er minstens één."),
                messages.UNKNOWN_CHOICE_ADVICE,
            )
    title = " ".join(values.get(form.Q_TITLE).split())
    question = " ".join(values.get(form.Q_QUESTION).split())
    asked_by = " ".join(values.get(form.Q_ASKED_BY).split())
    context = values.get(form.Q_CONTEXT).strip()
    if not (title and question and asked_by):
        raise refused(messages.NO_QUESTION_FORM, messages.NO_QUESTION_FORM_ADVICE)
    try:
        check_asker(research_dir, asked_by)
    except WijsError as exc:
        if exc.code != NEW_REFUSED:
            raise
        raise refused(messages.PERSON_ASKS, messages.PERSON_ASKS_ADVICE) from exc
    _no_personal_data(
        research_dir,
        {
            form.Q_TITLE: title,
            form.Q_QUESTION: question,
            form.Q_ASKED_BY: asked_by,
            form.Q_CONTEXT: context,
        },
    )
    return NewQuestion(
        title,
        question,
        asked_by,
        chosen["neighbourhood"],
        chosen["theme"],
        chosen["level"],
        today,
        context=context,
    )


def _no_personal_data(research_dir: Path, fields: dict[str, str]) -> None:
    """The privacy scan of the reports over the form's text; a find is refused, named by kind
    and field but never repeated (the reply on the issue is public)."""
    places = place_names(research_dir)
    found = [
        f"{KINDS[match.kind][1]} in '{name}'"
        for name, text in fields.items()
        for match in find_personal_data(text, places, markdown=True)
        if match.kind in KINDS
    ]
    if found:
        raise refused(
            messages.QUESTION_PRIVACY.format(found=", ".join(dict.fromkeys(found))),
            messages.QUESTION_PRIVACY_ADVICE,
        )
