"""The site, the PDF and the DOCX give the same reference list, entry for entry: for every
example report in research/ and for the shared corpus's .bib files (biblatex-examples.bib and
pandoc's own), because all three come from the one CSL engine over the same CSL-JSON."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from conftest import CORPUS as SHARED_CORPUS
from conftest import REPO, Repo
from wijs.citations.bibliography import load_bibliography
from wijs.citations.report import citations_for
from wijs.convert.downloads import build_downloads
from wijs.convert.pandoc import pandoc_path
from wijs.corpus import load_corpus
from wijs.model import Report
from wijs.pages.site import Site

CORPUS = SHARED_CORPUS / "bib"
EXAMPLES = sorted(p.parent.name for p in (REPO / "research").glob("*/*/references.bib"))


def test_the_shared_corpus_bib_files_are_there() -> None:
    """The corpus tests below are parametrised over these files: none found must fail, not
    leave them out."""
    assert len(list(CORPUS.glob("*.bib"))) >= 2, (
        f"{CORPUS} ontbreekt: zet ../shared/ naast de checkout"
    )


def _squash(text: str) -> str:
    """Text as both a PDF and a Word file keep it: no spaces, line breaks or hyphens."""
    return re.sub(r"[\s\u00ad\-‐‑–]+", "", _straight(text))


def _straight(text: str) -> str:
    """Apostrophes as one character: text extraction writes ’ and ' at will."""
    return re.sub("[’‘`]", "'", text)


def _docx_text(path: Path) -> str:
    return subprocess.run(
        [pandoc_path(), "--from=docx", "--to=plain", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def agreeing(report: Report, site: Site, cache: Path) -> tuple[int, list[str]]:
    """(number of entries on the site, those missing from the PDF or the DOCX)."""
    entries = [ref.text for ref in citations_for(report).references]
    built = build_downloads(site, [report], cache)[report.key]
    assert built.pdf is not None and built.docx is not None
    docx = _straight(" ".join(_docx_text(built.docx).split()))
    pdf = _squash(_pdf_text(built.pdf))
    missing = [e for e in entries if _straight(e) not in docx or _squash(e) not in pdf]
    return len(entries), missing


@pytest.mark.parametrize("slug", EXAMPLES)
def test_example_report_lists_the_same_references_on_site_pdf_and_docx(
    slug: str, tmp_path: Path
) -> None:
    corpus = load_corpus(REPO / "research")
    report = next(r for r in corpus.reports if r.slug == slug)
    total, missing = agreeing(report, Site(corpus), tmp_path)
    assert total > 0
    assert missing == []
    print(f"{slug}: {total} of {total} entries agree")


@pytest.mark.parametrize("bib", sorted(CORPUS.glob("*.bib")), ids=lambda p: p.name)
def test_corpus_bib_lists_the_same_references_on_site_pdf_and_docx(
    bib: Path, repo: Repo, tmp_path: Path
) -> None:
    bibliography = load_bibliography(bib)
    assert bibliography is not None
    body = "## Bronnen\n\n" + "\n\n".join(f"Zie [@{key}]." for key in bibliography.keys) + "\n"
    path = repo.add_report(body=body, language="en")
    path.parent.joinpath("references.bib").write_bytes(bib.read_bytes())
    corpus = load_corpus(repo.research)
    (report,) = corpus.reports
    total, missing = agreeing(report, Site(corpus), tmp_path)
    assert total >= len(bibliography.keys) - 5  # a few entries only exist as crossref targets
    assert missing == []
    print(f"{bib.name}: {total} of {total} entries agree")
