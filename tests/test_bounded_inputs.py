"""Every input has a limit that holds before the expensive step: a huge references.bib or an
attachment that unpacks to far more than its size is refused quickly, in Dutch, by file."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pypandoc
import pytest
from click.testing import CliRunner, Result

from conftest import BODY, CORPUS, Repo
from wijs.attachments_text import attachment_text
from wijs.cli import main
from wijs.limits import Limits, unpacked_problem


def huge_bib(entries: int) -> str:
    return "".join(
        f"@article{{bron{n},\n  author = {{Jansen, Piet and de Vries, Anna}},\n"
        f"  title = {{Onderzoek naar ontmoeting in de wijk, deel {n}}},\n"
        f"  journal = {{Tijdschrift voor Sociale Vraagstukken}},\n  year = {{2021}},\n"
        f"  pages = {{1--20}}\n}}\n\n"
        for n in range(entries)
    )


def check(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> tuple[Result, float]:
    monkeypatch.chdir(repo.root)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check"])
    return result, time.monotonic() - started


def test_a_15_mb_bib_with_100000_entries_is_refused_in_seconds(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.add_report(body=BODY + "\nZoals bleek [@bron7].\n")
    text = huge_bib(100_000)
    assert len(text.encode()) > 15_000_000
    (path.parent / "references.bib").write_text(text, encoding="utf-8")
    result, seconds = check(repo, monkeypatch)
    assert seconds < 10
    assert result.exit_code == 1
    output = result.output
    assert "references.bib:1" in output and "bib-too-large" in output
    assert "het maximum is 5 MB" in output and "Exporteer alleen de bronnen" in output
    assert "unknown-citation" not in output and "Traceback" not in output


def test_a_bib_with_too_many_entries_is_refused_and_the_limit_can_be_raised(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.add_report(body=BODY + "\nZoals bleek [@bron7].\n")
    (path.parent / "references.bib").write_text(huge_bib(30), encoding="utf-8")
    vocabulary = repo.research / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8") + "\nlimits:\n  bib_entries: 20\n",
        encoding="utf-8",
    )
    result, _ = check(repo, monkeypatch)
    assert "references.bib heeft 30 items; het maximum is 20" in result.output
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("bib_entries: 20", "bib_entries: 40"),
        encoding="utf-8",
    )
    result, _ = check(repo, monkeypatch)
    assert "bib-too-large" not in result.output
    assert "unused-reference" in result.output


def bomb(source: Path, target: Path, part: str, megabytes: int) -> None:
    """``source`` (a real docx/xlsx/odt) with ``part`` replaced by ``megabytes`` of XML."""
    paragraph = b"<w:p><w:r><w:t>Bel respondent Karel op 06-12345678.</w:t></w:r></w:p>"
    body = paragraph * (megabytes * 1_000_000 // len(paragraph))
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + body
        + b"</w:body></w:document>"
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = xml if info.filename == part else original.read(info)
            copy.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def no_pandoc(*args: object, **kwargs: object) -> str:
    raise AssertionError("pandoc must not see this file")


def test_a_small_docx_attachment_that_unpacks_to_74_mb_is_refused_before_pandoc(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.add_report(body=BODY + "\n[De interviews](attachments/interviews.docx)\n")
    (path.parent / "attachments").mkdir()
    attachment = path.parent / "attachments" / "interviews.docx"
    bomb(CORPUS / "docx" / "lists.docx", attachment, "word/document.xml", 74)
    assert attachment.stat().st_size < 1_000_000

    monkeypatch.setattr(pypandoc, "convert_file", no_pandoc)
    result, seconds = check(repo, monkeypatch)
    assert seconds < 10
    assert result.exit_code == 1
    assert "file-unpacked-too-large" in result.output
    assert "attachments/interviews.docx: uitgepakt is de tekst erin groter dan 10 MB" in (
        result.output
    )
    assert "verhoog limits.unpacked_mb" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "part"),
    [("data.xlsx", "xl/sharedStrings.xml"), ("lijst.odt", "content.xml")],
)
def test_spreadsheets_and_odt_that_unpack_too_far_are_not_read(
    tmp_path: Path, name: str, part: str
) -> None:
    source = tmp_path / f"origineel{Path(name).suffix}"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(part, "<a/>")
    target = tmp_path / name
    bomb(source, target, part, 12)
    text = attachment_text(target)
    assert text is not None and text.pages == ()
    assert text.problem == "uitgepakt is de tekst erin groter dan 10 MB"


def test_an_archive_that_lies_about_its_sizes_is_not_unpacked(tmp_path: Path) -> None:
    honest = tmp_path / "eerlijk.docx"
    bomb(CORPUS / "docx" / "lists.docx", honest, "word/document.xml", 30)
    raw = bytearray(honest.read_bytes())
    # claim that word/document.xml unpacks to 1 KB, in its local and its central header
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", raw, start + size_at, 1000)
            start += 4
    liar = tmp_path / "bijlage.docx"
    liar.write_bytes(bytes(raw))
    with zipfile.ZipFile(liar) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000
    problem = unpacked_problem(liar, Limits())
    assert problem is not None and "beschadigd" in problem.message
    text = attachment_text(liar)
    assert text is not None and text.pages == () and "beschadigd" in text.problem


def test_import_refuses_a_word_file_that_unpacks_to_74_mb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path / "bank")
    source = tmp_path / "verslag.docx"
    bomb(CORPUS / "docx" / "lists.docx", source, "word/document.xml", 74)
    monkeypatch.chdir(repo.root)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["import", str(source)])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "het document is te groot: uitgepakt is de tekst erin groter dan 10 MB" in (
        result.output
    )
    assert not list(repo.research.glob("*/*/index.md"))


def test_the_privacy_scan_uses_the_research_folders_unpacked_limit(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.add_report(body=BODY + "\n[Interviews](attachments/interviews.docx)\n")
    (path.parent / "attachments").mkdir()
    attachment = path.parent / "attachments" / "interviews.docx"
    bomb(CORPUS / "docx" / "lists.docx", attachment, "word/document.xml", 2)
    vocabulary = repo.research / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8") + "\nlimits:\n  unpacked_mb: 1\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(pypandoc, "convert_file", no_pandoc)
    text = attachment_text(attachment)
    assert text is not None and text.problem == "uitgepakt is de tekst erin groter dan 1 MB"
    result, _ = check(repo, monkeypatch)
    assert "file-unpacked-too-large" in result.output
    assert "privacy-unscanned" in result.output
