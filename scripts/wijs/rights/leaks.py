"""After the build: prove that no confidential file or passage reached the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijs.errors import WijsError
from wijs.pages.site import Site
from wijs.rights.confidential import Secret, find_leaks, iter_secret_reports, leak_diagnostics


@dataclass(frozen=True)
class Confidential:
    """What the finished site must not contain, and the report folders to read thoroughly.

    Small and plain: a build that writes its pages in a process of its own hands it back as
    JSON (``as_dict``, ``from_dict``)."""

    secrets: list[Secret] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        secrets = [
            {**vars(s), "needle": list(s.needle), "file": None if s.file is None else str(s.file)}
            for s in self.secrets
        ]
        return {"secrets": secrets, "folders": list(self.folders)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Confidential:
        secrets = [
            Secret(
                **{
                    **s,
                    "needle": tuple(s["needle"]),
                    "file": None if s["file"] is None else Path(s["file"]),
                }
            )
            for s in data["secrets"]
        ]
        return cls(secrets, list(data["folders"]))


def confidential_in(site: Site) -> Confidential:
    secrets: list[Secret] = []
    folders: list[str] = []
    for report, found in iter_secret_reports(site.corpus.reports):
        secrets += found
        folders.append(report.url)
    return Confidential(secrets, folders)


def verify_nothing_confidential(confidential: Confidential, site_dir: Path) -> None:
    """Search every file of the built site for confidential file names, copies of confidential
    files and passages of confidential blocks; raise WijsError naming each leak.

    PDFs and Office files are read only under the pages of reports that have secrets."""
    leaks = find_leaks(confidential.secrets, site_dir, thorough_under=confidential.folders)
    if leaks:
        raise WijsError(leak_diagnostics(leaks, site_dir))
