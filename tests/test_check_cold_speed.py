"""What keeps a first `wijs check` of many reports short changes none of its findings: workers
started while the progress spinner spins, the vocabulary read by libyaml, scans that skip what
cannot hold a finding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import Repo
from wijs import parallel
from wijs.corpus import load_corpus
from wijs.errors import WijsError
from wijs.vocabulary import load_vocabulary

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from generate import generate

_SPINNER_RUN = """
import io, json, sys, threading
from pathlib import Path
from rich.console import Console
from wijs import parallel
from wijs.corpus import find_report_files
from wijs.vocabulary import load_vocabulary

parallel.PARALLEL_MIN, parallel.CHUNK = 10, 3

if __name__ == "__main__":  # workers import this file again, as a module
    research = Path(sys.argv[1])
    status = Console(file=io.StringIO(), force_terminal=True).status("Rapporten lezen…")
    with status:
        spinner = next(t for t in threading.enumerate() if t is not threading.current_thread())
        done = parallel.read_many(
            find_report_files(research), load_vocabulary(research / "vocabulary.yml"), research, 2
        )
        spinning = spinner.is_alive()
    print(json.dumps({
        "reports": len(done or {}),
        "shingles": sum(grams is not None for _, _, grams, _ in (done or {}).values()),
        "spinning": spinning,
    }))
"""


def test_workers_start_while_the_spinner_spins_and_give_everything_back(
    tmp_path: Path,
) -> None:
    bank = generate(tmp_path / "bank", 12, citations=2)
    script = tmp_path / "spinner.py"
    script.write_text(_SPINNER_RUN, encoding="utf-8")
    # a process of its own, like `wijs check`
    package = str(Path(parallel.__file__).parents[1])
    path = os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": path}
    run = subprocess.run(
        [sys.executable, str(script), str(bank / "research")],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=120,
    )
    seen = json.loads(run.stdout)
    assert seen["spinning"]  # the spinner's thread runs on: nothing waits for it
    assert seen["reports"] == 12
    # the workers (started by a forkserver, with string hashes of their own) give the overlap
    # check's shingles too: CRC-32s, the same in every process
    assert seen["shingles"] == 12


def test_a_vocabulary_that_is_not_yaml_says_what_the_yaml_reader_says(tmp_path: Path) -> None:
    text = "wijken:\n  - id: a\n    label: [unclosed\n"
    broken = tmp_path / "vocabulary.yml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    with pytest.raises(WijsError) as caught:
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
