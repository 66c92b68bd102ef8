"""After the build: prove that no confidential file or passage reached the site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wijs.errors import ContentErrors
from wijs.rights.confidential import find_leaks, iter_secret_reports, leak_diagnostics

if TYPE_CHECKING:
    from wijs.pages.site import Site


def verify_nothing_confidential(site: Site, site_dir: Path) -> None:
    """Search every file of the built site for confidential file names, copies of confidential
    files and passages of confidential blocks; raise ContentErrors naming each leak.

    PDFs and Office files are read only under the pages of reports that have secrets."""
    secrets = []
    folders = []
    for report, found in iter_secret_reports(site.corpus.reports):
        secrets += found
        folders.append(report.url)
    leaks = find_leaks(secrets, site_dir, thorough_under=folders)
    if leaks:
        raise ContentErrors(leak_diagnostics(leaks, site_dir))
