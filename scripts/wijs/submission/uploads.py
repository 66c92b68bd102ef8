"""Word or OpenDocument files uploaded into a pull request through GitHub's web interface,
converted by the base branch's code: each added .docx/.odt under research/ (not in an
attachments/ folder) becomes a report folder as ``wijs import`` makes it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wijs.convert.importer import ImportOptions
from wijs.diagnostics import Diagnostic
from wijs.errors import WijsError
from wijs.limits import load_limits
from wijs.research import VOCABULARY_FILE
from wijs.review.changes import changed_names
from wijs.review.render import code_text, markdown_text
from wijs.submission import check_lines, import_beside, messages
from wijs.submission.attachment import DOCUMENT_TYPES
from wijs.submission.common import REFUSED, refused
from wijs.vocabulary import load_vocabulary

UPLOADS_MARKER = "<!-- wijs-omzetten -->"
#: How the comment ends, chosen by the workflow job that may write (it runs no wijs).
UPLOAD_ENDINGS = {
    "committed": messages.UPLOADS_COMMITTED,
    "moved_on": messages.UPLOADS_MOVED_ON,
    "fork": messages.UPLOADS_FORK,
}
_YEAR = re.compile(r"^[0-9]{4}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Converted:
    source: str  # the uploaded file, a repository path
    folder: str = ""  # the report folder made from it; empty when refused
    refused: WijsError | None = None
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "folder": self.folder,
            "refused": self.refused.message if self.refused else "",
        }


def find_uploads(checkout: Path, base: str, research: str = "research") -> list[str]:
    """Documents the pull request added under research/, outside attachments/ folders."""
    added = changed_names(checkout, "--diff-filter=A", f"{base}...HEAD")
    found = []
    for name in added:
        path = PurePosixPath(name)
        if path.parts[:1] != (research,) or "attachments" in path.parts:
            continue
        if path.suffix.lower().lstrip(".") in DOCUMENT_TYPES:
            found.append(name)
    return found


def convert_uploads(
    checkout: Path, base: str, research_dir: Path, *, today: dt.date | None = None
) -> list[Converted]:
    """Convert every upload of the pull request in ``checkout`` into ``research_dir`` (the
    trusted checkout's): into the folder it was uploaded to (research/<year>/<slug>/), or a
    folder named after the document's title."""
    vocabulary = load_vocabulary(research_dir / VOCABULARY_FILE)
    limits, _ = load_limits(research_dir)
    results = []
    for name in find_uploads(checkout, base, research_dir.name):
        item = Converted(name)
        results.append(item)
        source = checkout / name
        parts = PurePosixPath(name).parts
        year = int(parts[1]) if len(parts) > 2 and _YEAR.match(parts[1]) else None
        slug = parts[2] if len(parts) > 3 and _SLUG.match(parts[2]) else None
        try:
            if source.is_symlink() or not source.is_file():
                raise refused(messages.BAD_NAME.format(name=name), messages.BAD_NAME_ADVICE)
            if source.stat().st_size > limits.file_bytes:
                raise refused(
                    messages.TOO_BIG.format(limit=f"{limits.file_mb:g}"), messages.TOO_BIG_ADVICE
                )
            if slug and (checkout / research_dir.name / parts[1] / slug / "index.md").exists():
                raise refused(
                    messages.HAS_INDEX.format(folder=f"{parts[0]}/{parts[1]}/{slug}"),
                    messages.HAS_INDEX_ADVICE,
                )
            options = ImportOptions(year=year, slug=slug, today=today or dt.date.today())
            imported, item.folder = import_beside(source, research_dir, vocabulary, options)
            item.missing, item.warnings = imported.missing, imported.warnings
        except WijsError as exc:
            if exc.code != REFUSED:
                raise
            item.refused = exc
    return results


def render_uploads_comment(items: list[Converted], diagnostics: list[Diagnostic]) -> str:
    """The comment on the pull request: per upload what became of it, then the check."""
    lines = [UPLOADS_MARKER, messages.UPLOADS_HEADING, ""]
    for item in items:
        if item.refused is None:
            text = messages.UPLOAD_DONE.format(
                source=code_text(item.source), folder=code_text(item.folder)
            )
        else:
            text = messages.UPLOAD_REFUSED.format(
                source=code_text(item.source),
                reason=markdown_text(item.refused.message),
                advice=item.refused.hint,
            )
        lines.append(f"- {text}")
        if item.missing:
            fields = ", ".join(map(code_text, item.missing))
            lines.append(f"  {messages.MISSING.format(fields=fields)}")
    if any(item.folder for item in items):
        lines += check_lines(diagnostics)
    return "\n".join(lines) + "\n"
