"""Shared fixtures: a tiny repository in tmp_path with reports written from Python dicts."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = REPO / "research" / "vocabulary.yml"
# real Word, OpenDocument and BibTeX files nobody here wrote, kept beside the repository
CORPUS = Path(os.environ.get("WIJS_CORPUS", REPO.parent / "shared" / "corpus"))

BODY = """## Inleiding

Ouderen in de wijk ontmoeten elkaar vooral in het wijkrestaurant.

## Methode

We spraken met twaalf bewoners van 70 jaar en ouder.
"""


def png_bytes(width: int = 8, height: int = 4) -> bytes:
    """A real, plain PNG: figures in tests are images a browser, Typst and Pillow can read."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def report_fields(**overrides: Any) -> dict[str, Any]:
    """A valid, published report's front-matter; override any field, None removes it."""
    fields: dict[str, Any] = {
        "title": "Eenzaamheid onder ouderen in Selwerd",
        "authors": [
            {
                "name": "Fatima El Amrani",
                "family": "El Amrani",
                "programme": "Toegepaste Psychologie",
            }
        ],
        "supervisors": ["dr. M. Bakker"],
        "institution": "hanzehogeschool",
        "level": "hbo",
        "year": 2024,
        "date": "2024-06-14",
        "neighbourhood": "selwerd",
        "theme": ["eenzaamheid", "ouderen"],
        "commissioner": "WIJ Selwerd",
        "type": "onderzoeksrapport",
        "language": "nl",
        "summary": "Ouderen in Selwerd voelen zich vaker eenzaam dan gemiddeld in de stad.",
        "findings": ["Een derde van de geïnterviewde ouderen eet vaak alleen."],
        "recommendations": ["Open het wijkrestaurant ook op zondag."],
        "keywords": ["ontmoeting"],
        "license": "CC-BY-4.0",
        "status": "approved",
        "review": {"by": "dr. M. Bakker", "date": "2024-06-20"},
        "consent": {
            "authors": True,
            "commissioner": {"name": "WIJ Selwerd", "date": "2024-06-18"},
            "respondents": "anonymised",
        },
    }
    for key, value in overrides.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


def question_fields(**overrides: Any) -> dict[str, Any]:
    """A valid open question's front-matter; override any field, None removes it."""
    fields: dict[str, Any] = {
        "title": "Waar ontmoeten ouderen elkaar in Selwerd?",
        "question": "Welke plekken helpen ouderen in Selwerd om anderen te ontmoeten?",
        "asked_by": "WIJ Selwerd",
        "neighbourhood": "selwerd",
        "theme": ["eenzaamheid", "ouderen"],
        "level": ["hbo", "wo"],
        "asked": "2023-09-05",
        "status": "open",
    }
    for key, value in overrides.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


class Repo:
    """A throwaway onderzoeksbank: mkdocs.yml, docs/, research/ with the real vocabulary."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.research = root / "research"
        self.research.mkdir(parents=True)
        shutil.copy(VOCABULARY, self.research / "vocabulary.yml")
        (root / "docs").mkdir()
        (root / "docs" / "over-wijs.md").write_text("# Over WIJS\n\nTekst.\n", encoding="utf-8")
        self.write_mkdocs()

    def write_mkdocs(self, **plugin_options: Any) -> None:
        config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        config["theme"].pop("custom_dir", None)
        config.pop("exclude_docs", None)
        # downloads (PDF/DOCX typesetting) only in the tests that ask for them: it is slow
        options = {
            "research_dir": "research",
            "today": "2026-01-01",
            "downloads": False,
            **plugin_options,
        }
        config["plugins"] = [
            p if not (isinstance(p, dict) and "wijs" in p) else {"wijs": options}
            for p in config["plugins"]
        ]
        text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        (self.root / "mkdocs.yml").write_text(text, encoding="utf-8")

    def add_hook(self, code: str) -> None:
        """A MkDocs hook (mkdocs.yml ``hooks:``): Python that runs in the build's own process,
        so a test can change what happens there (wijs.builder.write_pages)."""
        (self.root / "hook.py").write_text(textwrap.dedent(code), encoding="utf-8")
        path = self.root / "mkdocs.yml"
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        config["hooks"] = ["hook.py"]
        text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")

    def add_report(
        self,
        slug: str = "eenzaamheid-ouderen-selwerd",
        body: str = BODY,
        year: int | None = None,
        **overrides: Any,
    ) -> Path:
        fields = report_fields(**overrides, **({"year": year} if year else {}))
        folder = self.research / str(year or fields.get("year", 2024)) / slug
        folder.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        path = folder / "index.md"
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        return path

    def add_question(
        self,
        slug: str = "ontmoeting-ouderen-selwerd",
        body: str = "Het WIJ-team hoort dat ouderen minder buiten komen.\n",
        **overrides: Any,
    ) -> Path:
        """research/vragen/<slug>.md of the vraagbank."""
        folder = self.research / "vragen"
        folder.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(question_fields(**overrides), allow_unicode=True, sort_keys=False)
        path = folder / f"{slug}.md"
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        return path

    def build(self, preview: bool = False) -> Path:
        from wijs.builder import build_site

        return build_site(self.root / "mkdocs.yml", self.root / "site", preview=preview)

    def page(self, url: str) -> str:
        """The built HTML at a site URL such as 'wijk/selwerd/'."""
        return (self.root / "site" / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "bank")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str], Repo]:
    def make(name: str) -> Repo:
        return Repo(tmp_path / name)

    return make


# -- serving a built site and driving it in real headless Chromium ---------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def serve_dir() -> Any:
    """Serve a folder over HTTP on 127.0.0.1; returns a function folder → base URL."""
    import functools
    import http.server
    import threading

    servers: list[http.server.ThreadingHTTPServer] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

    def serve(folder: Path) -> str:
        handler = functools.partial(Handler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Any:
    """Headless Debian Chromium through Playwright (Playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: draai scripts/bootstrap --with-browser")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own example site (research/ and docs/, with PDF and Word downloads),
    built once per test run into a temporary folder and shared by the tests that read it."""
    from wijs.builder import build_site

    site = tmp_path_factory.mktemp("voorbeeldsite") / "site"
    build_site(REPO / "mkdocs.yml", site)
    return site
