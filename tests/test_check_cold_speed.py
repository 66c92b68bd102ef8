"""What keeps a first `wijs check` of many reports short changes none of its findings: workers
forked while the progress spinner pauses, the vocabulary read by libyaml, scans that skip what
cannot hold a finding."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from conftest import Repo
from wijs import parallel
from wijs.corpus import find_report_files, load_corpus
from wijs.errors import ContentError
from wijs.vocabulary import load_vocabulary

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import generate


def test_workers_are_forked_while_the_spinner_pauses_and_it_spins_again_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = generate(tmp_path / "bank", 12, citations=2)
    research = bank / "research"
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    restarts: list[bool] = []
    status = Console(file=io.StringIO(), force_terminal=True).status("Rapporten lezen…")

    def start() -> None:
        restarts.append(True)
        status.start()

    with status, parallel.pausable_thread(status.stop, start):
        assert threading.active_count() > 1  # the spinner's own thread
        done = parallel.read_many(
            find_report_files(research), load_vocabulary(research / "vocabulary.yml"), research
        )
        spinning_again = threading.active_count()
    assert done is not None and len(done) == 12
    # only workers forked from this process (no other thread running) hash strings alike and
    # give the overlap shingles
    assert all(grams is not None for _, _, grams, _ in done.values())
    assert restarts == [True] and spinning_again > 1  # the spinner runs again after


def test_a_vocabulary_that_is_not_yaml_says_what_the_yaml_reader_says(tmp_path: Path) -> None:
    text = "wijken:\n  - id: a\n    label: [unclosed\n"
    broken = tmp_path / "vocabulary.yml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    with pytest.raises(ContentError) as caught:
        load_vocabulary(broken)
    assert str(expected.value) in caught.value.diagnostic.message
    assert caught.value.diagnostic.line == expected.value.problem_mark.line + 1  # type: ignore[attr-defined]


def test_identifier_fields_of_a_bib_are_skipped_on_every_line_but_a_note_is_scanned(
    repo: Repo,
) -> None:
    path = repo.add_report()
    (path.parent / "references.bib").write_text(
        "DOI = {06-12345678}\r\n"  # the very first line, in capitals, with a Windows line end
        "@misc{a,\n"
        "  Year=2024,\n"
        "\turl = {https://example.org/0612345678},\n"
        "  note = {Bel respondent op 06-12345678},\n"
        "  pages = {0612345678}\n"
        "}\n",
        encoding="utf-8",
    )
    found = [d for d in load_corpus(repo.research).diagnostics if d.path.endswith("references.bib")]
    assert [(d.code, d.line) for d in found if d.code.startswith("privacy-")] == [
        ("privacy-phone", 5)
    ]
