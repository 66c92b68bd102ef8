"""What both issue forms ("Onderzoek indienen", "Vraag stellen") share: the refusal with its
Dutch reason, the result, and the checks of a plain field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wijs.diagnostics import Diagnostic
from wijs.errors import WijsError
from wijs.submission import messages
from wijs.vocabulary import Vocabulary

_MARKUP = re.compile(r"<\s*[A-Za-z/!?][^>]*>?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


#: the code of every refused submission: reason and advice (the hint) in Dutch, nothing written
REFUSED = "submission-refused"


def refused(reason: str, advice: str) -> WijsError:
    """The submission cannot go ahead: why, and what the student does about it."""
    return WijsError.one(REFUSED, reason, advice)


@dataclass
class SubmissionResult:
    issue: int
    folder: str = ""  # research/<year>/<slug>; empty when refused
    #: research/vragen/<slug>.md: a question asked with the form "Vraag stellen"
    question: str = ""
    title: str = ""
    refused: WijsError | None = None
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figures: int = 0
    sources: int = 0
    consent_complete: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        if self.question:
            title, branch = f"Vraag: {self.title}", f"vraag/{self.issue}"
        elif self.folder:
            title, branch = f"Onderzoek: {self.title}", f"indiening/{self.issue}"
        else:
            title = branch = ""
        return {
            "issue": self.issue,
            "folder": self.folder,
            "question": self.question,
            "refused": self.refused is not None,
            "pull_request_title": title,
            "branch": branch,
        }


def chosen_terms(vocabulary: Vocabulary, kind: str, heading: str, value: str) -> list[str]:
    """The vocabulary ids a form's dropdown answer names; refused when it names none known."""
    check_plain(heading, value, 2000)
    try:
        return vocabulary.kind(kind).resolve([value])
    except WijsError as exc:
        raise refused(
            messages.UNKNOWN_CHOICE.format(field=heading, error=exc),
            messages.UNKNOWN_CHOICE_ADVICE,
        ) from exc


def check_plain(name: str, text: str, limit: int) -> None:
    """Refuse markup, invisible characters and overlong text in a field of the form."""
    if len(text) > limit:
        raise refused(messages.TOO_LONG.format(field=name, limit=limit), messages.TOO_LONG_ADVICE)
    found = _MARKUP.search(text)
    if found:
        raise refused(
            messages.MARKUP.format(field=name, found=" ".join(found.group(0).split())[:40]),
            messages.MARKUP_ADVICE,
        )
    if _CONTROL.search(text):
        raise refused(messages.CONTROL.format(field=name), messages.CONTROL_ADVICE)
