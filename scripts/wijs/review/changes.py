"""Which reports a branch changed: ``git diff --name-only REF``, mapped to report folders; and
for a pull request, what it touches outside one report folder and the copy of its report folders
into a trusted checkout (the base branch's code, vocabulary and settings judge them)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wijs.errors import WijsError
from wijs.questions.model import FOLDER
from wijs.research import REPORT_FILE

_YEAR = re.compile(r"^[0-9]{4}$")
_QUESTION = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")


def _git(cwd: Path, *args: str) -> str:
    """git's output; a usage error (code ``git``) when git is missing, this is no repository
    or REF is unknown."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise WijsError.one("git", "git: git is niet geïnstalleerd.", usage=True) from exc
    if done.returncode != 0:
        said = done.stderr.strip() or f"git {' '.join(args)} mislukte."
        raise WijsError.one("git", f"git: {said}", usage=True)
    return done.stdout


def report_folder(name: str, research: str = "research") -> str | None:
    """``research/<year>/<slug>`` when the repository path ``name`` lies inside a report folder
    (``research/2024/slug/...``), else None: vocabulary, questions, code, a year folder itself."""
    parts = PurePosixPath(name).parts
    prefix = PurePosixPath(research).parts
    if len(parts) < len(prefix) + 3 or parts[: len(prefix)] != prefix:
        return None
    year, slug = parts[len(prefix)], parts[len(prefix) + 1]
    if not _YEAR.match(year) or slug in {".", ".."}:
        return None
    return PurePosixPath(*prefix, year, slug).as_posix()


def question_file(name: str, research: str = "research") -> bool:
    """Whether the repository path ``name`` is a question of the vraagbank:
    ``research/vragen/<slug>.md``."""
    parts = PurePosixPath(name).parts
    prefix = PurePosixPath(research).parts
    return (
        len(parts) == len(prefix) + 2
        and parts[: len(prefix)] == prefix
        and parts[len(prefix)] == FOLDER
        and _QUESTION.match(parts[-1]) is not None
    )


@dataclass(frozen=True)
class Scope:
    """What a pull request changes: report folders, and every path outside one."""

    reports: list[str] = field(default_factory=list)  # research/<year>/<slug>, sorted
    outside: list[str] = field(default_factory=list)  # code, workflows, vocabulary, …
    #: the questions of the vraagbank among ``outside`` (research/vragen/<slug>.md): taken over
    #: into the trusted checkout and checked like reports, but still a maintainer's to accept
    questions: list[str] = field(default_factory=list)

    @property
    def needs_maintainer(self) -> bool:
        """Anything but one report folder: a maintainer (CODEOWNERS) must look at it."""
        return bool(self.outside) or len(self.reports) > 1

    def as_dict(self) -> dict[str, object]:
        return {
            "reports": self.reports,
            "outside": self.outside,
            "questions": self.questions,
            "needs_maintainer": self.needs_maintainer,
        }

    @classmethod
    def from_json(cls, text: str, research: str = "research") -> Scope:
        """The scope ``wijs pull-request`` printed; anything else is a ValueError."""
        data = json.loads(text)
        reports, outside = data.get("reports"), data.get("outside")
        if not isinstance(reports, list) or not isinstance(outside, list):
            raise ValueError("geen 'reports' en 'outside'")
        if not all(isinstance(p, str) for p in reports + outside):
            raise ValueError("paden moeten tekst zijn")
        if any(report_folder(p + "/" + REPORT_FILE, research) != p for p in reports):
            raise ValueError("'reports' bevat iets anders dan rapportmappen")
        questions = data.get("questions", [])
        if not isinstance(questions, list) or not all(
            isinstance(p, str) and p in outside and question_file(p, research) for p in questions
        ):
            raise ValueError("'questions' bevat iets anders dan vragen")
        return cls(sorted(reports), sorted(outside), sorted(questions))


def changed_names(top: Path, *diff: str) -> list[str]:
    """Repository paths ``git diff`` names (old and new name of a rename both)."""
    names = _git(top, "diff", "--name-only", "--no-renames", "-z", *diff, "--").split("\0")
    return sorted(filter(None, names))


def classify(names: list[str], research: str = "research") -> Scope:
    reports: set[str] = set()
    outside: list[str] = []
    for name in names:
        folder = report_folder(name, research)
        if folder is None:
            outside.append(name)
        else:
            reports.add(folder)
    questions = [name for name in outside if question_file(name, research)]
    return Scope(sorted(reports), sorted(outside), sorted(questions))


def changed_reports(research_dir: Path, ref: str) -> list[Path]:
    """index.md of every report with a changed file since ``ref`` (deleted reports left out)."""
    research_dir = research_dir.resolve()
    top = Path(_git(research_dir, "rev-parse", "--show-toplevel").strip()).resolve()
    research = research_dir.relative_to(top).as_posix()
    scope = classify(changed_names(top, ref), research)
    found = [top / folder / REPORT_FILE for folder in scope.reports]
    return [index for index in found if index.is_file()]


def pull_request_scope(checkout: Path, base: str, research: str = "research") -> Scope:
    """What the pull request checked out in ``checkout`` changes since its base commit: the
    diff from the merge base, as GitHub shows it (the checkout needs the base in its history)."""
    top = Path(_git(checkout, "rev-parse", "--show-toplevel").strip()).resolve()
    return classify(changed_names(top, f"{base}...HEAD"), research)


def take_reports(scope: Scope, checkout: Path, target: Path) -> list[str]:
    """Replace the report folders of ``scope`` in the trusted tree ``target`` by the pull
    request's (``checkout``); only report folders are copied, as files and symlinks as they are
    (the check judges them), and the questions of the vraagbank as plain files. What the pull
    request deleted is deleted. Returns the folders that now hold a report."""
    present: list[str] = []
    for folder in scope.reports:
        source, destination = checkout / folder, target / folder
        if destination.is_symlink() or destination.is_file():
            destination.unlink()
        elif destination.exists():
            shutil.rmtree(destination)
        if source.is_symlink() or not source.is_dir():
            continue  # deleted, or not a folder: nothing to judge
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, destination, symlinks=True)
        if (destination / REPORT_FILE).is_file():
            present.append(folder)
    for name in scope.questions:
        source, destination = checkout / name, target / name
        if destination.is_symlink() or destination.is_file():
            destination.unlink()
        if source.is_symlink() or not source.is_file():
            continue  # deleted, or not a plain file: nothing to take over
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    return present
