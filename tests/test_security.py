"""A submission can never run code, read files or spoof the site: every attack of the red-team
pass on the PDF/DOCX, the caches and the sanitiser, kept as a case.

Each attack is tried for real: real pandoc and Typst, real MkDocs builds, real git. What a
report may never publish is a secret text; the tests look for it in the PDF's text (pypdf), in
the DOCX's XML and in the built pages.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from conftest import BODY, REPO, Repo, png_bytes
from wijs.cli import main
from wijs.convert.downloads import build_downloads
from wijs.corpus import load_corpus
from wijs.errors import WijsError
from wijs.pages.site import Site
from wijs.sanitize import BODY_START, mark_body, sanitize_report_page

SECRET_OUTSIDE = "GEHEIM-BUITEN-DE-REPOSITORY"
SECRET_TOKEN = "ghs_GEHEIMTOKENUITDEGITCONFIG"
SECRET_BLOCK = "GEHEIM-VERTROUWELIJK-BLOK"
SECRET_ATTACHMENT = "GEHEIM-VERTROUWELIJKE-BIJLAGE"
FIGURE = REPO / "research" / "2018" / "brieven-spreekuur-wijkbedrijf-selwerd" / "figures"


def check(repo: Repo) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--research", str(repo.research)]
    )
    return result.exit_code, json.loads(result.stdout)


def codes_for(found: list[dict[str, Any]], slug: str) -> set[str]:
    return {d["code"] for d in found if f"/{slug}/" in d["path"]}


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_xml(path: Path) -> str:
    """Every part of a Word file (document, relationships, media names) as one text."""
    with zipfile.ZipFile(path) as archive:
        parts = [f"== {name}\n" for name in archive.namelist()]
        for name in archive.namelist():
            parts.append(archive.read(name).decode("utf-8", "replace"))
    return "\n".join(parts)


# -- 1. code and file reading in the PDF and the DOCX ---------------------------------------

#: slug → (body, extra front-matter, how the folder is prepared)
Prepare = Callable[[Path, Path], None]


def _symlink_to_git_config(folder: Path, repo_root: Path) -> None:
    (folder / "notes").mkdir()
    os.symlink(repo_root / ".git" / "config", folder / "notes" / "config")


def _symlink_to_outside(folder: Path, repo_root: Path) -> None:
    (folder / "notes").mkdir()
    os.symlink(repo_root.parent / "buiten" / "passwd", folder / "notes" / "passwd")


def _confidential_attachment(folder: Path, repo_root: Path) -> None:
    (folder / "attachments").mkdir()
    (folder / "attachments" / "interviews.txt").write_text(SECRET_ATTACHMENT, encoding="utf-8")


def _figure_symlink_to_index(folder: Path, repo_root: Path) -> None:
    (folder / "figures").mkdir()
    shutil.copy(FIGURE / "soorten-brieven.png", folder / "figures" / "echt.png")
    os.symlink(repo_root / ".git" / "config", folder / "figures" / "grafiek.png")


def _nothing(folder: Path, repo_root: Path) -> None:
    pass


def typst_block(code: str) -> str:
    return f"{BODY}\n```{{=typst}}\n{code}\n```\n"


ATTACKS: dict[str, tuple[str, dict[str, Any], Prepare]] = {
    "typst-leest-git-config": (
        typst_block('#raw(read("notes/config"))'),
        {},
        _symlink_to_git_config,
    ),
    "typst-leest-bestand-buiten-repo": (
        typst_block('#raw(read("notes/passwd"))'),
        {},
        _symlink_to_outside,
    ),
    "typst-leest-etc-passwd": (typst_block('#raw(read("/etc/passwd"))'), {}, _nothing),
    "typst-leest-vertrouwelijk-blok": (
        typst_block('#raw(read("index.md"))')
        + f"\n<!-- vertrouwelijk -->\n{SECRET_BLOCK}\n<!-- /vertrouwelijk -->\n",
        {},
        _nothing,
    ),
    "typst-leest-vertrouwelijke-bijlage": (
        typst_block('#raw(read("attachments/interviews.txt"))'),
        {"confidential": ["attachments/interviews.txt"]},
        _confidential_attachment,
    ),
    "typst-inline-in-bevinding": (
        BODY,
        {"findings": ['Zie `#raw(read("/etc/passwd"))`{=typst} hier.']},
        _nothing,
    ),
    "typst-inline-in-titel": (
        BODY,
        {"title": 'Titel `#raw(read("/etc/passwd"))`{=typst}'},
        _nothing,
    ),
    "openxml-veld": (
        BODY
        + "\n```{=openxml}\n"
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
        + ' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>\n'
        + '<w:p><w:r><w:instrText> INCLUDEPICTURE "https://spion.example/pixel.png" \\d'
        + " </w:instrText></w:r></w:p>\n```\n",
        {},
        _nothing,
    ),
    "html-tabel-met-foto-van-buiten": (
        BODY + '\n<table><tr><td><img src="{buiten}/geheim.png" alt="foto"></td></tr></table>\n',
        {},
        _nothing,
    ),
    "figuur-is-symlink": (
        BODY + "\n![Grafiek](figures/grafiek.png)\n\n![Echt](figures/echt.png)\n",
        {},
        _figure_symlink_to_index,
    ),
}


class Attacked:
    """One repository with a report per attack, checked once and typeset once."""

    def __init__(self, repo: Repo, found: list[dict[str, Any]], built: dict[str, Any]) -> None:
        self.repo = repo
        self.found = found
        self.built = built

    def outputs(self, slug: str) -> tuple[str, str]:
        """(text of the PDF, XML of the DOCX) of the report ``slug``; both must exist."""
        built = self.built[f"2024/{slug}"]
        assert built.pdf is not None and built.docx is not None, "not typeset at all"
        return pdf_text(built.pdf), docx_xml(built.docx)


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Attacked:
    base = tmp_path_factory.mktemp("aanval")
    (base / "buiten").mkdir()
    (base / "buiten" / "passwd").write_text(SECRET_OUTSIDE, encoding="utf-8")
    repo = Repo(base / "bank")
    git_init(repo.root)
    with (repo.root / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(f'[http "https://github.com/"]\n\textraheader = basic {SECRET_TOKEN}\n')
    shutil.copy(FIGURE / "soorten-brieven.png", base / "buiten" / "geheim.png")
    for slug, (body, fields, prepare) in ATTACKS.items():
        body = body.replace("{buiten}", str(base / "buiten"))
        index = repo.add_report(slug=slug, body=body, **fields)
        prepare(index.parent, repo.root)
    _, found = check(repo)
    site = Site(load_corpus(repo.research), today=dt.date(2026, 1, 1))
    built = build_downloads(site, site.reports, repo.root / ".cache" / "wijs" / "downloads")
    return Attacked(repo, found, built)


@pytest.mark.parametrize("slug", [s for s in ATTACKS if s.startswith("typst-")])
def test_typst_code_in_a_report_reads_no_file_into_the_pdf_or_docx(
    attacked: Attacked, slug: str
) -> None:
    pdf, docx = attacked.outputs(slug)
    assert "Ouderen in de wijk ontmoeten elkaar" in pdf  # typeset, with the raw block dropped
    for secret in (SECRET_OUTSIDE, SECRET_TOKEN, SECRET_BLOCK, SECRET_ATTACHMENT, "root:x:0"):
        assert secret not in pdf
        assert secret not in docx


def test_student_gets_an_error_for_a_symlink_anywhere_in_the_report_folder(
    attacked: Attacked,
) -> None:
    for slug in ("typst-leest-git-config", "typst-leest-bestand-buiten-repo"):
        assert "symlink" in codes_for(attacked.found, slug)
    message = next(d for d in attacked.found if d["code"] == "symlink")
    assert "notes/" in message["message"] and "snelkoppeling" in message["message"]
    assert message["severity"] == "error"


def test_symlinked_figure_is_refused_and_its_target_is_not_embedded(attacked: Attacked) -> None:
    assert "link-outside-report" in codes_for(attacked.found, "figuur-is-symlink")
    pdf, docx = attacked.outputs("figuur-is-symlink")
    assert SECRET_TOKEN not in pdf and SECRET_TOKEN not in docx
    built = attacked.built["2024/figuur-is-symlink"]
    with zipfile.ZipFile(built.docx) as archive:
        media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 1  # the real figure only
    assert all(SECRET_TOKEN.encode() not in data for data in media)


def test_image_from_elsewhere_on_the_machine_is_not_embedded(attacked: Attacked) -> None:
    # an <img> inside an HTML table becomes a pandoc image after pdf.lua looked at images
    assert "link-outside-report" in codes_for(attacked.found, "html-tabel-met-foto-van-buiten")
    pdf, docx = attacked.outputs("html-tabel-met-foto-van-buiten")
    assert "word/media/" not in docx
    built = attacked.built["2024/html-tabel-met-foto-van-buiten"]
    reader = pypdf.PdfReader(io.BytesIO(built.pdf.read_bytes()))
    assert not any(page.images for page in reader.pages)
    assert "foto" in pdf  # its description instead


def test_openxml_block_puts_no_dde_field_or_foreign_picture_in_the_docx(
    attacked: Attacked,
) -> None:
    _, docx = attacked.outputs("openxml-veld")
    # Word runs fields (DDEAUTO, INCLUDEPICTURE); the block may only show up as inert text
    for element in ("<w:instrText", "<w:fldChar", "<w:fldSimple"):
        assert element not in docx
    assert 'Target="https://spion.example' not in docx
    assert "&lt;w:instrText&gt; DDEAUTO" in docx  # shown as code, escaped


def test_typesetting_sees_a_copy_without_index_md_or_confidential_files(tmp_path: Path) -> None:
    from wijs.typeset import workspace

    folder = tmp_path / "rapport"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "a.png").write_bytes(png_bytes())
    (folder / "index.md").write_text(SECRET_BLOCK, encoding="utf-8")
    os.symlink(folder / "index.md", folder / "figures" / "b.png")
    (tmp_path / "elders").mkdir()
    os.symlink(tmp_path / "elders", folder / "figures" / "map")
    (tmp_path / "elders" / "c.png").write_bytes(b"buiten")
    asked = [folder / "figures" / "a.png", folder / "figures" / "b.png"]
    asked.append(folder / "figures" / "map" / "c.png")
    with workspace(folder, asked) as copy:
        seen = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert seen == ["figures/a.png"]


def test_build_refuses_a_report_with_a_symlink(repo: Repo, tmp_path: Path) -> None:
    index = repo.add_report()
    (tmp_path / "passwd").write_text(SECRET_OUTSIDE, encoding="utf-8")
    os.symlink(tmp_path / "passwd", index.parent / "passwd")
    with pytest.raises(WijsError) as failed:
        repo.build()
    assert "symlink" in {d.code for d in failed.value.diagnostics}


# -- 2. caches: never code, never someone else's output ------------------------------------


class _Payload:
    """Unpickling this creates ``path``: proof that a file was unpickled."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.path), "w"))


def test_committed_citation_cache_neither_runs_code_nor_changes_the_reference_list(
    repo: Repo, tmp_path: Path
) -> None:
    from wijs.citations.report import clear_cache

    index = repo.add_report(body=BODY + "\nZie [@a].\n")
    (index.parent / "references.bib").write_text(
        "@book{a, author = {Jansen, Piet}, title = {Echte titel}, year = {2021}}\n",
        encoding="utf-8",
    )
    repo.build()
    cache = repo.root / ".cache" / "wijs" / "citations"
    entries = list(cache.rglob("*.json"))
    assert entries, "the citation cache was not written"
    marker = tmp_path / "uitgevoerd"
    for entry in entries:
        body = entry.read_text(encoding="utf-8").partition("\n")[2]
        forged = body.replace("Echte titel", "VERVALSTE TITEL")
        entry.write_text("0" * 64 + "\n" + forged, encoding="utf-8")  # no valid seal
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(_Payload(marker)))
    clear_cache()
    repo.build()
    page = repo.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")
    assert "Echte titel" in page
    assert "VERVALSTE TITEL" not in page
    assert not marker.exists()


def test_whoosh_index_committed_in_a_pull_request_is_not_unpickled(
    repo: Repo, tmp_path: Path
) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC, open_dir

    from wijs.search.index import _schema, cache_dir

    repo.add_report()
    search = ["search", "--research", str(repo.research), "--format", "json", "ouderen"]
    assert CliRunner().invoke(main, search).exit_code == 0
    folder = cache_dir(repo.research)
    marker = tmp_path / "uitgevoerd"

    class Poisoned(type(_schema())):  # type: ignore[misc]
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))

    poisoned = Poisoned()
    for name, field_type in _schema().items():
        poisoned.add(name, field_type)
    TOC(poisoned, [], 999).write(FileStorage(str(folder)), "MAIN")
    kept = tmp_path / "kopie"
    shutil.copytree(folder, kept)

    result = CliRunner().invoke(main, search)
    assert result.exit_code == 0, result.output
    assert "Eenzaamheid onder ouderen in Selwerd" in result.output  # rebuilt, found
    assert not marker.exists()
    # the file was a real attack: Whoosh itself runs it
    with pytest.raises(Exception):  # noqa: B017 - whichever error follows the payload
        open_dir(str(kept))
    assert marker.exists()


def test_pdf_committed_in_the_downloads_cache_is_never_published(repo: Repo) -> None:
    repo.add_report()
    repo.write_mkdocs(downloads=True)
    repo.build()
    cache = repo.root / ".cache" / "wijs" / "downloads"
    (pdf,) = cache.glob("*.pdf")
    forged = pdf.read_bytes().replace(b"Selwerd", b"Se1werd")
    pdf.write_bytes(forged)
    repo.build()
    site_pdf = repo.root / "site" / "onderzoek/2024/eenzaamheid-ouderen-selwerd"
    published = (site_pdf / "eenzaamheid-ouderen-selwerd.pdf").read_bytes()
    assert published != forged
    assert "Eenzaamheid onder ouderen in Selwerd" in pdf_text(
        site_pdf / "eenzaamheid-ouderen-selwerd.pdf"
    )


def test_cache_file_tracked_by_git_is_an_error(repo: Repo) -> None:
    repo.add_report()
    git_init(repo.root)
    store = repo.root / ".cache" / "wijs" / "checks.json"
    store.parent.mkdir(parents=True)
    store.write_text('{"code": "x", "reports": {}}', encoding="utf-8")
    subprocess.run(["git", "-C", str(repo.root), "add", "-f", ".cache"], check=True)
    code, found = check(repo)
    assert code == 1
    (tracked,) = [d for d in found if d["code"] == "cache-tracked"]
    assert tracked["path"].endswith(".cache/wijs/checks.json")
    assert "cachebestand" in tracked["message"] and "git rm -r --cached" in tracked["hint"]


def test_cache_folder_that_git_ignores_is_fine(repo: Repo) -> None:
    repo.add_report()
    git_init(repo.root)
    assert check(repo) == (0, [])
    assert (repo.root / ".cache" / "wijs" / "checks.json").exists()  # written, not tracked


FORBIDDEN_LOADERS = re.compile(
    r"pickle\.loads?\(|marshal\.loads?\(|yaml\.(unsafe|full)_load|[^_.a-z]eval\(|[^_.a-z]exec\("
)


def test_no_code_evaluating_loader_in_the_package() -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "scripts").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN_LOADERS.search(line)
    ]
    assert found == []


# -- 5. spoofing the site ----------------------------------------------------------------------

SPOOFING_BODY = (
    BODY
    + """
<div data-pagefind-meta="title:OFFICIEEL gemeente Groningen" id="__config">Tekst A.</div>

Tekst B met filter.
{: data-pagefind-filter="wijk:centrum" data-wijs-copy="wijs-cite-apa" }

<span id="wijs-cite-apa" data-pagefind-sort="datum:9999">Tekst C.</span>

## Samenvatting

Onze eigen kop met dezelfde naam als het vak op de pagina.

## Bevindingen

Een eigen hoofdstuk bevindingen: het vak uit de front-matter wijkt ervoor.
"""
)


@pytest.fixture(scope="module")
def spoofed(tmp_path_factory: pytest.TempPathFactory) -> str:
    repo = Repo(tmp_path_factory.mktemp("spoof") / "bank")
    repo.add_report(body=SPOOFING_BODY)
    repo.build()
    return repo.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")


def test_body_cannot_set_the_search_title_or_filters(spoofed: str) -> None:
    assert "Tekst A." in spoofed and "Tekst B met filter." in spoofed
    assert "OFFICIEEL" not in spoofed
    assert 'data-pagefind-filter="wijk:centrum"' not in spoofed
    assert "wijk:centrum" not in spoofed
    assert "9999" not in spoofed
    # what search finds comes from the report's search record, not from the page
    assert "data-pagefind" not in spoofed


def test_the_search_record_of_a_spoofing_body_has_the_reports_own_title_and_filters(
    repo: Repo,
) -> None:
    from wijs.corpus import load_corpus
    from wijs.pages.site import Site
    from wijs.search.site_index import record
    from wijs.search.text import searchable

    repo.add_report(body=SPOOFING_BODY)
    site = Site(load_corpus(repo.research))
    (report,) = site.reports
    made = record(report, site, searchable(report, site.vocabulary))
    assert "Tekst A." in made and "OFFICIEEL" not in made and "9999" not in made
    assert re.findall(r'data-pagefind-filter="wijk">([^<]*)<', made) == ["selwerd"]
    assert re.findall(r'data-pagefind-meta="title">([^<]*)<', made) == [report.meta.title]
    assert made.count("data-pagefind-sort=") == 1


def test_body_cannot_take_an_id_of_the_theme_or_the_report_page(spoofed: str) -> None:
    assert spoofed.count('id="__config"') == 1  # mkdocs-material's own configuration
    assert spoofed.count('id="wijs-cite-apa"') == 1
    assert spoofed.count('id="samenvatting"') == 1  # the page's summary box
    assert 'id="tekst-samenvatting"' in spoofed  # the body's heading keeps an anchor
    # a body with its own findings chapter replaces the box; its heading still cannot take the id
    assert 'id="bevindingen"' not in spoofed and 'id="tekst-bevindingen"' in spoofed


def test_external_images_and_srcset_are_errors(repo: Repo) -> None:
    repo.add_report(
        body=BODY
        + "\n![Logo](https://teller.example/logo.png)\n\n"
        + '<img src="https://teller.example/pixel.gif" alt="pixel">\n\n'
        + '<img src="figures/a.png" srcset="https://teller.example/a-2x.png 2x" alt="a">\n'
    )
    code, found = check(repo)
    assert code == 1
    external = [d for d in found if d["code"] == "external-image"]
    assert len(external) == 2
    assert "andere website" in external[0]["message"] and "figures/" in external[0]["hint"]
    assert "image-srcset" in {d["code"] for d in found}


def test_build_refuses_an_external_image(repo: Repo) -> None:
    repo.add_report(body=BODY + "\n![Logo](https://teller.example/logo.png)\n")
    with pytest.raises(WijsError) as failed:
        repo.build()
    assert "external-image" in {d.code for d in failed.value.diagnostics}


def test_sanitiser_drops_foreign_images_and_srcset_from_the_body() -> None:
    body = (
        '<img src="https://teller.example/p.gif" alt="p">'
        '<img src="figures/a.png" srcset="https://teller.example/a.png 2x" alt="a">'
        '<picture><source srcset="https://teller.example/b.webp"></picture>'
    )
    page = '<nav><img src="https://onderzoek.example/logo.png" alt="logo"></nav>'
    clean = sanitize_report_page(page + mark_body(body))
    assert "teller.example" not in clean
    assert 'src="figures/a.png"' in clean
    assert "https://onderzoek.example/logo.png" in clean  # the page around it is ours


def test_body_that_hides_the_end_mark_is_cleaned_as_body_throughout() -> None:
    # a body whose Markdown swallowed the end mark: everything after its start counts as body
    html = '<span data-pagefind-meta="title:Echt">' + BODY_START + '<div data-pagefind-meta="X">'
    assert "data-pagefind-meta" not in sanitize_report_page(html)


NEAR_MISSES = [
    "<!-- vertouwelijk -->",
    "<!-- vertrouwlijk -->",
    "<!-- vertrouwelijke -->",
    "<!-- vertrouwelijk deel -->",
    "<!-- confidentail -->",
    "<!-- /vertrouwlijk -->",
]


@pytest.mark.parametrize("marker", NEAR_MISSES)
def test_misspelt_confidential_marker_is_an_error(repo: Repo, marker: str) -> None:
    repo.add_report(body=f"{BODY}\n{marker}\nNaam van de respondent.\n")
    code, found = check(repo)
    assert code == 1
    (miss,) = [d for d in found if d["code"] == "confidential-marker-misspelt"]
    assert "wordt gewoon gepubliceerd" in miss["message"]
    assert "<!-- vertrouwelijk -->" in miss["hint"]


def test_ordinary_comments_are_not_taken_for_markers(repo: Repo) -> None:
    repo.add_report(
        body=f"{BODY}\n<!-- nog te vertrouwen bron nakijken -->\n<!-- TODO figuur -->\n"
    )
    assert check(repo) == (0, [])


@pytest.mark.parametrize(
    "opening,closing",
    [
        ("<!--vertrouwelijk-->", "<!--/vertrouwelijk-->"),
        ("<!-- VERTROUWELIJK -->", "<!-- / Vertrouwelijk -->"),
        ("<!--   vertrouwelijk\t-->", "<!-- /vertrouwelijk -->"),
    ],
)
def test_marker_with_other_spacing_or_capitals_still_hides_the_block(
    repo: Repo, opening: str, closing: str
) -> None:
    repo.add_report(body=f"{BODY}\n{opening}\n{SECRET_BLOCK}\n{closing}\n")
    assert check(repo) == (0, [])
    repo.build()
    assert SECRET_BLOCK not in repo.page("onderzoek/2024/eenzaamheid-ouderen-selwerd/")
