"""Files of a report: links and images stay inside its folder, sizes and types are limited, SVG
figures cannot carry script."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from conftest import Repo
from wijs.corpus import load_corpus
from wijs.diagnostics import Diagnostic


def problems(repo: Repo, prefix: str = "") -> list[Diagnostic]:
    return [d for d in load_corpus(repo.research).diagnostics if d.code.startswith(prefix)]


def codes(repo: Repo) -> list[str]:
    return [d.code for d in problems(repo) if d.is_error]


@pytest.mark.parametrize(
    "target",
    [
        "../andere-map/figuur.png",
        "figures/../../../geheim.png",
        "/etc/passwd",
        "C:\\Users\\anna\\Bureaublad\\foto.jpg",
        "C:/Users/anna/foto.jpg",
        "..\\..\\foto.png",
        "file:///home/anna/foto.png",
        "\\\\server\\share\\foto.png",
    ],
)
def test_links_and_images_must_stay_inside_the_report_folder(repo: Repo, target: str) -> None:
    repo.add_report(body=f"Tekst.\n\n![Een foto]({target})\n")
    found = [d for d in problems(repo) if d.code == "link-outside-report"]
    assert len(found) == 1, problems(repo)
    assert found[0].line > 1 and found[0].hint


def test_symlinked_figures_folder_pointing_out_is_refused(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "elders"
    outside.mkdir()
    Image.new("RGB", (2, 2)).save(outside / "a.png")
    path = repo.add_report(body="![Grafiek](figures/a.png)\n")
    os.symlink(outside, path.parent / "figures")
    assert "link-outside-report" in codes(repo)


def test_symlinked_attachment_pointing_out_is_refused_and_not_published(
    repo: Repo, tmp_path: Path
) -> None:
    secret = tmp_path / "geheim.pdf"
    secret.write_bytes(b"%PDF-1.4 geheim")
    path = repo.add_report()
    (path.parent / "attachments").mkdir()
    os.symlink(secret, path.parent / "attachments" / "bijlage.pdf")
    found = [d for d in problems(repo) if d.code == "link-outside-report"]
    assert found and "attachments/bijlage.pdf" in found[0].message


@pytest.mark.parametrize(
    ("folder", "name", "allowed"),
    [
        ("attachments", "vragenlijst.pdf", True),
        ("attachments", "data.xlsx", True),
        ("attachments", "data.ods", True),
        ("attachments", "antwoorden.csv", True),
        ("attachments", "pagina.html", False),
        ("attachments", "programma.exe", False),
        ("attachments", "macro.docm", False),
        ("attachments", "tekening.svg", False),
        ("figures", "grafiek.svg", True),
        ("figures", "grafiek.webp", True),
        ("figures", "script.js", False),
        ("figures", "zonder-extensie", False),
    ],
)
def test_only_documented_file_types_are_published(
    repo: Repo, folder: str, name: str, allowed: bool
) -> None:
    path = repo.add_report()
    (path.parent / folder).mkdir()
    (path.parent / folder / name).write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    found = [d for d in problems(repo) if d.code == "file-type"]
    assert (found == []) is allowed, found
    if not allowed:
        assert name in found[0].message and "pdf" in found[0].hint


def test_sizes_are_limited_per_file_and_per_report_as_configured(repo: Repo) -> None:
    vocabulary = repo.research / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8") + "\nlimits:\n  file_mb: 0.01\n  report_mb: 0.025\n",
        encoding="utf-8",
    )
    path = repo.add_report()
    attachments = path.parent / "attachments"
    attachments.mkdir()
    (attachments / "groot.csv").write_bytes(b"a" * 12_000)
    (attachments / "klein.csv").write_bytes(b"a" * 9_000)
    (attachments / "nog-een.csv").write_bytes(b"a" * 9_000)
    found = {d.code: d for d in problems(repo) if d.is_error}
    assert set(found) == {"file-too-large", "report-too-large"}
    assert "groot.csv" in found["file-too-large"].message
    assert "0.01 MB" in found["file-too-large"].message
    assert "0.025 MB" in found["report-too-large"].message


def test_default_limits_let_an_ordinary_report_through(repo: Repo) -> None:
    path = repo.add_report(body="![Grafiek](figures/a.png)\n")
    (path.parent / "figures").mkdir()
    Image.new("RGB", (800, 600)).save(path.parent / "figures" / "a.png")
    assert codes(repo) == []


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ("  file_mb: veel\n", "limits.file_mb"),
        ("  report_mb: -1\n", "limits.report_mb"),
        ("  attachment_types: pdf\n", "limits.attachment_types"),
        ("  max_mb: 3\n", "limits.max_mb"),
    ],
)
def test_wrong_limits_in_the_vocabulary_are_a_clear_error(
    repo: Repo, limits: str, message: str
) -> None:
    vocabulary = repo.research / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8") + "\nlimits:\n" + limits, encoding="utf-8"
    )
    repo.add_report()
    found = problems(repo, "limits-config")
    assert len(found) == 1 and message in found[0].message
    assert found[0].path == "research/vocabulary.yml" and found[0].line > 1


@pytest.mark.parametrize(
    ("svg", "safe"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>', True),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
            '<rect fill="url(#g)"/><use href="#g"/></svg>',
            True,
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', False),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', False),
        ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', False),
        ('<svg><image href="https://example.org/spoor.png"/></svg>', False),
        ('<svg><foreignObject><iframe src="x"/></foreignObject></svg>', False),
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', False),
        ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', False),
        ("<svg><style>@import url(https://x.org/a.css);</style></svg>", False),
    ],
)
def test_svg_figures_with_script_or_outside_references_are_refused(
    repo: Repo, svg: str, safe: bool
) -> None:
    path = repo.add_report(body="![Grafiek](figures/grafiek.svg)\n")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "grafiek.svg").write_text(svg, encoding="utf-8")
    found = [d for d in problems(repo) if d.code == "unsafe-svg"]
    assert (found == []) is safe, found
    if not safe:
        assert found[0].is_error and "png" in found[0].hint
