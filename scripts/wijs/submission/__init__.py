"""A submission through the issue form "Onderzoek indienen": the saved issue event → checked form
values → the attached Word file, fetched from GitHub only → the same import as ``wijs import`` →
the privacy scan and checks → a report folder, moved into research/ in one step. Hostile input is
refused with a Dutch reason before anything is written."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wijs.convert.importer import IMPORT_REFUSED, ImportOptions, ImportResult, import_document
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic
from wijs.errors import WijsError
from wijs.limits import load_limits
from wijs.model import FIRST_YEAR
from wijs.research import REPORT_FILE, VOCABULARY_FILE
from wijs.review import PRIVACY_PREFIX
from wijs.review.render import code_text, markdown_text
from wijs.submission import form, messages
from wijs.submission.attachment import (
    UPLOAD_PREFIXES,
    check_attachment,
    download,
    find_attachment,
)
from wijs.submission.common import REFUSED, SubmissionResult, check_plain, chosen_terms, refused
from wijs.submission.question import submit_question
from wijs.vocabulary import Vocabulary, load_vocabulary

MARKER = "<!-- wijs-indienen -->"
MAX_LENGTH = {form.TITLE: 200, form.AUTHORS: 2000, form.SUMMARY: 4000, form.COMMISSIONER: 200}
_AUTHOR = re.compile(r"^(?:[-*]\s+)?(?P<name>[^()]+?)\s*(?:\((?P<programme>[^()]+)\))?$")


def submit(
    event: dict[str, Any],
    research_dir: Path,
    *,
    today: dt.date | None = None,
    upload_prefixes: Sequence[str] = UPLOAD_PREFIXES,
) -> SubmissionResult:
    """Turn the issue of ``event`` into a report folder under ``research_dir``.

    ``upload_prefixes``: where attachments may come from; only tests pass anything else.
    """
    today = today or dt.date.today()
    issue = event.get("issue") if isinstance(event, dict) else None
    if form.QUESTION_LABEL in _labels(issue):
        return submit_question(event, research_dir, today=today)
    number = issue.get("number") if isinstance(issue, dict) else None
    result = SubmissionResult(number if isinstance(number, int) else 0)
    try:
        body = issue.get("body") if isinstance(issue, dict) else None
        if not isinstance(body, str):
            raise refused(messages.NO_FORM, messages.NO_FORM_ADVICE)
        repository = str((event.get("repository") or {}).get("full_name") or "")
        vocabulary = load_vocabulary(research_dir / VOCABULARY_FILE)
        limits, _ = load_limits(research_dir)
        values = form.parse_body(body)
        options = _options(values, vocabulary, today)
        result.title = options.title
        attachment = check_attachment(
            find_attachment(values.get(form.DOCUMENT)),
            limits,
            repository=repository,
            upload_prefixes=upload_prefixes,
        )
        with tempfile.TemporaryDirectory(prefix="wijs-bijlage-") as downloads:
            source = download(attachment, Path(downloads), limits, upload_prefixes=upload_prefixes)
            imported, result.folder = import_beside(source, research_dir, vocabulary, options)
        result.missing, result.warnings = imported.missing, imported.warnings
        result.figures, result.sources = imported.figures, imported.sources
    except WijsError as exc:
        if exc.code != REFUSED:
            raise
        result.refused = exc
        return result
    corpus = load_corpus(research_dir, [research_dir.parent / result.folder / REPORT_FILE])
    result.diagnostics = list(corpus.diagnostics)
    result.consent_complete = bool(options.consent) and all(
        (options.consent or {}).get(k) for k in ("authors", "commissioner", "respondents")
    )
    return result


def _labels(issue: object) -> set[str]:
    """The names of an issue's labels (the form sets 'indiening' or 'vraag')."""
    labels = issue.get("labels") if isinstance(issue, dict) else None
    if not isinstance(labels, list):
        return set()
    return {str(label.get("name")) for label in labels if isinstance(label, dict)}


def _options(values: form.FormValues, vocabulary: Vocabulary, today: dt.date) -> ImportOptions:
    if form.TITLE not in values.fields or form.DOCUMENT not in values.fields:
        raise refused(messages.NO_FORM, messages.NO_FORM_ADVICE)
    for name, limit in MAX_LENGTH.items():
        check_plain(name, values.get(name), limit)
    year_text = values.get(form.YEAR).strip()
    last = today.year + 1
    if not (year_text.isdigit() and FIRST_YEAR <= int(year_text) <= last):
        raise refused(
            messages.BAD_YEAR.format(value=year_text[:20], first=FIRST_YEAR, last=last),
            messages.BAD_YEAR_ADVICE,
        )
    chosen: dict[str, list[str]] = {}
    for heading, kind in (
        (form.INSTITUTION, "institution"),
        (form.LEVEL, "level"),
        (form.WIJK, "neighbourhood"),
        (form.THEME, "theme"),
    ):
        chosen[kind] = chosen_terms(vocabulary, kind, heading, values.get(heading))
    commissioner = " ".join(values.get(form.COMMISSIONER).split())
    return ImportOptions(
        year=int(year_text),
        neighbourhoods=chosen["neighbourhood"],
        themes=chosen["theme"],
        institutions=chosen["institution"],
        levels=chosen["level"],
        today=today,
        title=" ".join(values.get(form.TITLE).split()),
        authors=_authors(values.get(form.AUTHORS)),
        summary=" ".join(values.get(form.SUMMARY).split()),
        commissioner=commissioner,
        consent=_consent(values, commissioner, today),
    )


def _authors(text: str) -> list[tuple[str, str]]:
    authors: list[tuple[str, str]] = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        match = _AUTHOR.match(line)
        if not match or not re.search(r"[^\W\d_]", match.group("name")):
            raise refused(messages.BAD_AUTHOR.format(line=line[:80]), messages.BAD_AUTHOR_ADVICE)
        authors.append((match.group("name").strip(), (match.group("programme") or "").strip()))
    return authors


def _consent(values: form.FormValues, commissioner: str, today: dt.date) -> dict[str, Any] | None:
    consent: dict[str, Any] = {}
    if form.CONSENT_AUTHORS in values.checked:
        consent["authors"] = True
    if not commissioner:
        consent["commissioner"] = "not-applicable"
    elif form.CONSENT_COMMISSIONER in values.checked:
        consent["commissioner"] = {"name": commissioner, "date": today.isoformat()}
    respondents = form.RESPONDENT_CHOICES.get(values.get(form.RESPONDENTS).strip())
    if respondents:
        consent["respondents"] = respondents
    return consent or None


def import_beside(
    source: Path, research_dir: Path, vocabulary: Vocabulary, options: ImportOptions
) -> tuple[ImportResult, str]:
    """``wijs import`` into a scratch research folder beside the real one, then the report moved
    in with one rename (a name of its own: -2, -3, … when a report already has it). Returns the
    import's result and the new folder as a repository path; raises WijsError."""
    work = Path(tempfile.mkdtemp(prefix=".wijs-indienen-", dir=research_dir.parent))
    try:
        scratch = work / research_dir.name
        scratch.mkdir()
        shutil.copyfile(research_dir / VOCABULARY_FILE, scratch / VOCABULARY_FILE)
        try:
            imported = import_document(source, scratch, vocabulary, options)
        except WijsError as exc:
            if exc.code != IMPORT_REFUSED:
                raise
            reason = f"{exc.message} {exc.hint}"  # the file is the student's upload
            raise refused(messages.IMPORT_REFUSED.format(reason=reason), exc.hint) from exc
        year = research_dir / imported.folder.parent.name
        year.mkdir(exist_ok=True)
        name, number = imported.folder.name, 1
        while (year / name).exists():
            number += 1
            name = f"{imported.folder.name}-{number}"
        os.rename(imported.folder, year / name)  # a report folder appears whole or not at all
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return imported, f"{research_dir.name}/{year.name}/{name}"


# -- what the student reads on the issue -----------------------------------------------------


def render_comment(result: SubmissionResult) -> str:
    """The Dutch comment on the issue. Every value from the student goes through the review's
    escaping; privacy findings name the line and kind, never the personal data found."""
    lines = [MARKER]
    if result.refused is not None:
        lines += [
            messages.REFUSED_HEADING,
            "",
            markdown_text(result.refused.message),
            "",
            result.refused.hint,
        ]
        return "\n".join(lines) + "\n"
    if result.question:
        lines += [
            messages.QUESTION_DONE_HEADING,
            "",
            messages.QUESTION_DONE_TEXT.format(file=code_text(result.question)),
        ]
        return "\n".join(lines + check_lines(result.diagnostics)) + "\n"
    lines += [
        messages.DONE_HEADING,
        "",
        messages.DONE_TEXT.format(
            folder=code_text(result.folder), figures=result.figures, sources=result.sources
        ),
    ]
    if result.missing:
        lines += ["", messages.MISSING.format(fields=", ".join(map(code_text, result.missing)))]
    if not result.consent_complete:
        lines += ["", messages.CONSENT_OPEN]
    lines += [f"\n- {markdown_text(w)}" for w in result.warnings]
    return "\n".join(lines + check_lines(result.diagnostics)) + "\n"


def check_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """What the check found, as comment lines; privacy findings by line and kind only."""
    lines: list[str] = []
    privacy = [d for d in diagnostics if d.code.startswith(PRIVACY_PREFIX)]
    others = [d for d in diagnostics if not d.code.startswith(PRIVACY_PREFIX)]
    if privacy:
        lines += ["", messages.PRIVACY.format(count=len(privacy)), ""]
        lines += [
            f"- regel {d.line}: {code_text(d.code)} — {markdown_text(d.hint)}" for d in privacy
        ]
    errors = sum(d.is_error for d in others)
    lines.append("")
    if not others:
        lines.append(messages.CHECKS_CLEAN)
    else:
        lines += [messages.CHECKS.format(errors=errors, warnings=len(others) - errors), ""]
        lines += [
            f"- regel {d.line}: {code_text(d.code)} {markdown_text(d.message)}" for d in others
        ]
    return lines


def render_pull_request_body(result: SubmissionResult) -> str:
    """The pull request's description: where it came from and what the student does next."""
    if result.question:
        return (
            f"Gesteld via het formulier in #{result.issue}: {markdown_text(result.title)}\n\n"
            f"De vraag staat in {code_text(result.question)}. Een medewerker van WIJS kijkt "
            "hem na (geen namen of contactgegevens van personen, de juiste wijk en thema's) en "
            "voegt hem toe; dan staat hij op de site bij de open vragen.\n\n"
            f"Closes #{result.issue}\n"
        )
    return (
        f"Ingediend via het formulier in #{result.issue}: {markdown_text(result.title)}\n\n"
        f"Het rapport staat in {code_text(result.folder)}. Maak het af in de webeditor van "
        "GitHub (**Files changed → … → Edit file**), zet daarna `status: submitted` en vraag "
        "je docent om een beoordeling.\n\n"
        f"Closes #{result.issue}\n"
    )
