"""A student with a Word file and a browser: the issue form "Onderzoek indienen" becomes a report
folder through the same code the workflow runs, on a saved issue event and an attachment served
by a local HTTP server. Hostile forms are refused in Dutch and write nothing."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from conftest import CORPUS, REPO, Repo
from wijs.cli import main
from wijs.front_matter import split as split_front_matter
from wijs.images import inspect_image
from wijs.limits import MB, load_limits
from wijs.submission import render_comment, submit
from wijs.submission.form import FORM_FILE, render_form
from wijs.vocabulary import load_vocabulary

TODAY = dt.date(2025, 6, 20)
BIG = 60 * MB


class Server:
    """127.0.0.1 on a free port: files from a folder, a 60 MB download, a redirect away."""

    def __init__(self, folder: Path) -> None:
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
                super().__init__(*args, directory=str(folder), **kwargs)

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.requests.append(self.path)
                if self.path.endswith("/groot.docx"):
                    self.send_response(200)
                    self.send_header("Content-Length", str(BIG))
                    self.end_headers()
                    return
                if self.path.endswith("/stroom.docx"):  # no length: refused while reading
                    self.send_response(200)
                    self.end_headers()
                    chunk = b"\0" * (1 << 20)
                    try:
                        for _ in range(60):
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return
                if self.path.endswith("/weg.docx"):
                    self.send_response(302)
                    self.send_header("Location", "http://example.org/rapport.docx")
                    self.end_headers()
                    return
                super().do_GET()

        self.requests: list[str] = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    files = tmp_path / "uploads" / "files" / "1"
    files.mkdir(parents=True)
    running = Server(tmp_path / "uploads")
    yield running
    running.close()


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (320, 200), (40, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "Jan Fotograaf"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (53.0, 13.0, 5.0), "E", (6.0, 33.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload_docx(server: Server, tmp_path: Path, name: str = "rapport.docx") -> str:
    """The corpus's Word file with a photo, its photo swapped for one with GPS, 'uploaded'."""
    source = CORPUS / "docx" / "image_vml.docx"
    target = tmp_path / "uploads" / "files" / "1" / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.endswith(".jpeg"):
                data = photo_with_gps()
            new.writestr(item, data)
    return f"{server.base}files/1/{name}"


def form_body(url: str, **changes: str) -> str:
    fields = {
        "Titel van het onderzoek": "Ontmoeten in het wijkrestaurant van Selwerd",
        "Auteurs": "Fatima El Amrani (Toegepaste Psychologie)\nJorrit de Vries (Social Work)",
        "Instelling": "Hanzehogeschool Groningen",
        "Niveau": "hbo",
        "Wijk": "Selwerd, Paddepoel",
        "Thema": "Eenzaamheid, Ouderen",
        "Jaar": "2025",
        "Samenvatting": "Ouderen in Selwerd eten vaak alleen. We spraken twaalf bezoekers van "
        "het wijkrestaurant; de meesten komen voor het gezelschap.",
        "Opdrachtgever": "WIJ Selwerd",
        "Respondenten": "Geanonimiseerd: niemand is herkenbaar",
        "Word- of OpenDocument-bestand": f"[rapport.docx]({url})",
        **changes,
    }
    parts = [f"### {heading}\n\n{value or '_No response_'}" for heading, value in fields.items()]
    consent = (
        "### Toestemming\n\n"
        "- [X] Alle auteurs zijn akkoord met publicatie op de onderzoeksbank.\n"
        "- [X] De opdrachtgever is akkoord met publicatie (of er is geen opdrachtgever)."
    )
    parts.insert(-1, consent)
    return "\n\n".join(parts) + "\n"


def event(body: str, number: int = 12) -> dict[str, object]:
    return {
        "action": "opened",
        "issue": {"number": number, "title": "Onderzoek indienen: x", "body": body},
        "repository": {"full_name": "wijs-groningen/onderzoeksbank"},
    }


def everything(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_student_submits_a_word_file_through_the_form_and_gets_a_report_that_passes_check(
    repo: Repo, server: Server, tmp_path: Path
) -> None:
    url = upload_docx(server, tmp_path)
    result = submit(
        event(form_body(url)), repo.research, today=TODAY, upload_prefixes=[server.base]
    )
    assert result.refused is None, result.refused and result.refused.message
    assert result.folder == "research/2025/ontmoeten-in-het-wijkrestaurant-van-selwerd"
    folder = repo.root / result.folder
    parts = split_front_matter((folder / "index.md").read_text(encoding="utf-8"))
    assert parts is not None
    fields = yaml.safe_load(parts.yaml)
    assert fields["title"] == "Ontmoeten in het wijkrestaurant van Selwerd"
    assert fields["authors"] == [
        {"name": "Fatima El Amrani", "programme": "Toegepaste Psychologie"},
        {"name": "Jorrit de Vries", "programme": "Social Work"},
    ]
    assert fields["institution"] == ["hanzehogeschool"] and fields["level"] == ["hbo"]
    assert fields["neighbourhood"] == ["selwerd", "paddepoel"]
    assert fields["theme"] == ["eenzaamheid", "ouderen"]
    assert fields["year"] == 2025 and fields["status"] == "draft"
    assert fields["commissioner"] == "WIJ Selwerd"
    assert fields["consent"] == {
        "authors": True,
        "commissioner": {"name": "WIJ Selwerd", "date": "2025-06-20"},
        "respondents": "anonymised",
    }
    # the photo is in figures/, without the location it was taken at
    [photo] = [p for p in (folder / "figures").iterdir() if p.suffix == ".jpg"]
    metadata = inspect_image(photo.read_bytes())
    assert metadata is not None and metadata.personal == ()
    assert f"figures/{photo.name}" in parts.body
    # the same check the pull request gets accepts it
    done = CliRunner().invoke(main, ["check", str(folder), "--research", str(repo.research)])
    assert done.exit_code == 0, done.output
    comment = render_comment(result)
    assert comment.startswith("<!-- wijs-indienen -->\n### ✅ Je onderzoek is omgezet")
    assert "`research/2025/ontmoeten-in-het-wijkrestaurant-van-selwerd`" in comment
    # nothing left over beside research/
    assert not list(repo.root.glob(".wijs-indienen-*"))


def test_second_submission_with_the_same_title_gets_its_own_folder(
    repo: Repo, server: Server, tmp_path: Path
) -> None:
    url = upload_docx(server, tmp_path)
    first = submit(event(form_body(url)), repo.research, today=TODAY, upload_prefixes=[server.base])
    second = submit(
        event(form_body(url), 13), repo.research, today=TODAY, upload_prefixes=[server.base]
    )
    assert second.folder == first.folder + "-2"


def test_privacy_findings_are_named_in_the_comment_without_the_personal_data(
    repo: Repo, server: Server, tmp_path: Path
) -> None:
    url = upload_docx(server, tmp_path)
    summary = "Bewoners kunnen mevrouw bellen op 06-12345678 voor een afspraak."
    result = submit(
        event(form_body(url, Samenvatting=summary)),
        repo.research,
        today=TODAY,
        upload_prefixes=[server.base],
    )
    assert result.refused is None
    assert any(d.code.startswith("privacy-") for d in result.diagnostics)
    comment = render_comment(result)
    assert "mogelijk persoonsgegevens" in comment
    assert "12345678" not in comment


HOSTILE = {
    "script in de titel": (
        {"Titel van het onderzoek": "Onderzoek <script>alert(1)</script>"},
        "bevat HTML of een script",
    ),
    "bestandsnaam met ../": (
        {"Word- of OpenDocument-bestand": "[x.docx]({base}files/1/..%2F..%2Fetc%2Frapport.docx)"},
        "De bestandsnaam",
    ),
    "bijlage van een andere website": (
        {"Word- of OpenDocument-bestand": "[rapport.docx](https://example.org/rapport.docx)"},
        "niet op GitHub zelf (example.org)",
    ),
    "60 MB": (
        {"Word- of OpenDocument-bestand": "[groot.docx]({base}files/1/groot.docx)"},
        "groter dan 20 MB",
    ),
    "60 MB zonder lengte": (
        {"Word- of OpenDocument-bestand": "[stroom.docx]({base}files/1/stroom.docx)"},
        "groter dan 20 MB",
    ),
    "doorverwezen naar een andere website": (
        {"Word- of OpenDocument-bestand": "[weg.docx]({base}files/1/weg.docx)"},
        "niet op GitHub zelf (example.org)",
    ),
    "een pdf": (
        {"Word- of OpenDocument-bestand": "[rapport.pdf]({base}files/1/rapport.pdf)"},
        "Een PDF-bestand kan niet",
    ),
    "geen bijlage": ({"Word- of OpenDocument-bestand": ""}, "geen Word- of OpenDocument"),
    "twee bijlagen": (
        {"Word- of OpenDocument-bestand": "[a.docx]({base}files/1/a.docx) [b.docx]({base}b.docx)"},
        "2 bestanden",
    ),
    "onbekende wijk": ({"Wijk": "Nepwijk"}, "Onbekende wijk 'Nepwijk'"),
    "jaar": ({"Jaar": "tweeduizend"}, "geen jaartal"),
    "onzichtbare tekens": ({"Auteurs": "Jan\u202eJansen (Social Work)"}, "onzichtbare tekens"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_form_is_refused_in_dutch_and_writes_nothing(
    case: str, repo: Repo, server: Server, tmp_path: Path
) -> None:
    upload_docx(server, tmp_path)
    changes, expected = HOSTILE[case]
    body = form_body(
        f"{server.base}files/1/rapport.docx",
        **{k: v.format(base=server.base) for k, v in changes.items()},
    )
    before = everything(repo.root)
    result = submit(event(body), repo.research, today=TODAY, upload_prefixes=[server.base])
    assert result.refused is not None
    assert expected in result.refused.message, result.refused.message
    assert everything(repo.root) == before
    comment = render_comment(result)
    assert "### ❌ Je onderzoek is nog niet ingediend" in comment
    assert "<script" not in comment


def test_the_command_the_workflow_runs_accepts_only_githubs_upload_host(
    repo: Repo, server: Server, tmp_path: Path
) -> None:
    url = upload_docx(server, tmp_path)  # a perfect form, but served from 127.0.0.1
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps(event(form_body(url))), encoding="utf-8")
    out = tmp_path / "uit"
    before = everything(repo.root)
    done = CliRunner().invoke(
        main, ["indienen", str(payload), "--output", str(out), "--research", str(repo.research)]
    )
    assert done.exit_code == 1
    assert "niet op GitHub zelf (127.0.0.1)" in (out / "comment.md").read_text(encoding="utf-8")
    assert json.loads((out / "result.json").read_text(encoding="utf-8"))["refused"] is True
    assert everything(repo.root) == before
    assert server.requests == []  # not even asked


def test_issue_form_choices_come_from_the_vocabulary() -> None:
    research = REPO / "research"
    committed = (REPO / FORM_FILE).read_text(encoding="utf-8")
    assert committed == render_form(
        load_vocabulary(research / "vocabulary.yml"), load_limits(research)[0]
    ), "draai: wijs formulier --output " + FORM_FILE
    form = yaml.safe_load(committed)
    wijk = next(f for f in form["body"] if f.get("id") == "wijk")
    assert "Selwerd" in wijk["attributes"]["options"]
    assert wijk["attributes"]["multiple"] is True


def test_formulier_check_fails_when_the_vocabulary_changed(repo: Repo, tmp_path: Path) -> None:
    target = tmp_path / "form.yml"
    args = ["formulier", "--research", str(repo.research), "--output", str(target)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, [*args, "--check"]).exit_code == 0
    vocabulary = repo.research / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(
        text.replace(
            "wijken:\n",
            "wijken:\n  - id: nieuwbouw\n    label: Nieuwbouw\n    stadsdeel: noordwest\n",
            1,
        ),
        encoding="utf-8",
    )
    assert CliRunner().invoke(main, [*args, "--check"]).exit_code == 1


def test_issue_form_validates_against_githubs_schema() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-issue-forms",
            str(REPO / FORM_FILE),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_scratch_folder_is_left_when_the_import_fails(
    repo: Repo, server: Server, tmp_path: Path
) -> None:
    broken = tmp_path / "uploads" / "files" / "1" / "kapot.docx"
    shutil.copyfile(CORPUS / "docx" / "image_vml.docx", broken)
    broken.write_bytes(broken.read_bytes()[:2000])  # cut off: not a zip any more
    url = f"{server.base}files/1/kapot.docx"
    before = everything(repo.root)
    result = submit(
        event(form_body(url)), repo.research, today=TODAY, upload_prefixes=[server.base]
    )
    assert result.refused is not None and "kon niet worden omgezet" in result.refused.message
    assert everything(repo.root) == before


# -- a Word file uploaded into a pull request through GitHub's web interface ----------------


def _git(root: Path, *args: str) -> str:
    import os
    import subprocess

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Student",
        "GIT_AUTHOR_EMAIL": "student@example.org",
        "GIT_COMMITTER_NAME": "Student",
        "GIT_COMMITTER_EMAIL": "student@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_word_files_uploaded_in_a_pull_request_become_reports_in_the_trusted_checkout(
    repo: Repo, tmp_path: Path
) -> None:
    repo.add_report()
    _git(repo.root, "init", "-q", "-b", "main")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-qm", "begin")
    base = _git(repo.root, "rev-parse", "HEAD").strip()
    fork = tmp_path / "pull-request"
    _git(tmp_path, "clone", "-q", str(repo.root), str(fork))
    # uploaded into a new folder of its own, into a year folder, and as an attachment
    own = fork / "research" / "2024" / "plaatjes-uit-word"
    own.mkdir(parents=True)
    shutil.copyfile(CORPUS / "docx" / "image_vml.docx", own / "Mijn rapport.docx")
    shutil.copyfile(CORPUS / "odt" / "headers.odt", fork / "research" / "2024" / "koppen.odt")
    bijlage = fork / "research" / "2024" / "eenzaamheid-ouderen-selwerd" / "attachments"
    bijlage.mkdir()
    shutil.copyfile(CORPUS / "docx" / "lists.docx", bijlage / "vragenlijst.docx")
    _git(fork, "add", "-A")
    _git(fork, "commit", "-qm", "Upload files")

    out = tmp_path / "wijs-omzetten"
    done = CliRunner().invoke(
        main,
        [
            "omzetten",
            str(fork),
            "--base",
            base,
            "--output",
            str(out),
            "--research",
            str(repo.research),
        ],
    )
    assert done.exit_code == 0, done.output
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    by_source = {c["source"]: c for c in result["converted"]}
    assert set(by_source) == {
        "research/2024/plaatjes-uit-word/Mijn rapport.docx",
        "research/2024/koppen.odt",
    }  # the attachment stays an attachment
    assert by_source["research/2024/plaatjes-uit-word/Mijn rapport.docx"]["folder"] == (
        "research/2024/plaatjes-uit-word"
    )
    odt_folder = by_source["research/2024/koppen.odt"]["folder"]
    assert odt_folder.startswith("research/2024/")
    for folder in (c["folder"] for c in result["converted"]):
        assert (repo.root / folder / "index.md").is_file()  # in the trusted checkout
        assert (out / folder / "index.md").is_file()  # and in the artifact for the commit
    assert list((out / "research/2024/plaatjes-uit-word/figures").iterdir())
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- wijs-omzetten -->")
    assert "`research/2024/plaatjes-uit-word/Mijn rapport.docx` is omgezet naar" in comment
    assert "Checks → Omzetten" in result["messages"]["fork"]


def test_upload_into_a_folder_that_already_has_a_report_is_not_converted(
    repo: Repo, tmp_path: Path
) -> None:
    repo.add_report()
    _git(repo.root, "init", "-q", "-b", "main")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-qm", "begin")
    base = _git(repo.root, "rev-parse", "HEAD").strip()
    fork = tmp_path / "pull-request"
    _git(tmp_path, "clone", "-q", str(repo.root), str(fork))
    folder = fork / "research" / "2024" / "eenzaamheid-ouderen-selwerd"
    shutil.copyfile(CORPUS / "docx" / "lists.docx", folder / "nieuwe-versie.docx")
    _git(fork, "add", "-A")
    _git(fork, "commit", "-qm", "Upload files")
    before = everything(repo.research)
    out = tmp_path / "uit"
    done = CliRunner().invoke(
        main,
        [
            "omzetten",
            str(fork),
            "--base",
            base,
            "--output",
            str(out),
            "--research",
            str(repo.research),
        ],
    )
    assert done.exit_code == 0, done.output
    [item] = json.loads((out / "result.json").read_text(encoding="utf-8"))["converted"]
    assert item["folder"] == "" and "heeft al een index.md" in item["refused"]
    assert everything(repo.research) == before


def test_the_form_makes_the_same_report_body_and_figures_as_wijs_import(
    make_repo,
    server: Server,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    by_form, by_command = make_repo("formulier"), make_repo("opdracht")
    url = upload_docx(server, tmp_path)
    result = submit(
        event(form_body(url)), by_form.research, today=TODAY, upload_prefixes=[server.base]
    )
    assert result.refused is None
    source = tmp_path / "uploads" / "files" / "1" / "rapport.docx"
    done = CliRunner().invoke(
        main,
        [
            "import",
            str(source),
            "--research",
            str(by_command.research),
            "--year",
            "2025",
            "--slug",
            "ontmoeten-in-het-wijkrestaurant-van-selwerd",
            "--wijk",
            "selwerd",
            "--thema",
            "eenzaamheid",
            "--institution",
            "hanzehogeschool",
            "--level",
            "hbo",
        ],
    )
    assert done.exit_code in (0, 1), done.output
    form_folder = by_form.root / result.folder
    command_folder = by_command.root / result.folder

    def body(folder: Path) -> str:
        parts = split_front_matter((folder / "index.md").read_text(encoding="utf-8"))
        assert parts is not None
        return parts.body

    assert body(form_folder) == body(command_folder)
    assert everything(form_folder) == everything(command_folder)
    for figure in (form_folder / "figures").iterdir():
        assert figure.read_bytes() == (command_folder / "figures" / figure.name).read_bytes()
