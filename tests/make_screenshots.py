"""Make the screenshots in docs/assets/screenshots/ for the guides, from a real built site.

Run once after a change to the look of the pages, and commit the PNGs:

    PYTHONPATH=scripts python tests/make_screenshots.py

It builds a tiny site in a temporary folder (one published, one submitted and one withdrawn
report), once as the public site and once as a preview, serves both and photographs pages in
headless Chromium. Not part of the build or the tests.
"""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, Repo  # noqa: E402

OUT = REPO / "docs" / "assets" / "screenshots"
DRAFT_BODY = """## Inleiding

In Beijum groeien relatief veel kinderen op in een gezin met een laag inkomen. WIJ Beijum wilde
weten welke regelingen ouders kennen en wat hen tegenhoudt om ze aan te vragen.

## Onderzoeksvraag

Hoe kunnen ouders in Beijum beter de weg vinden naar regelingen voor hun kinderen?
"""


def make_repo(root: Path) -> Repo:
    repo = Repo(root)
    repo.add_report()
    repo.add_report(
        slug="armoede-beijum",
        title="Meedoen zonder geld",
        subtitle="Hoe ouders in Beijum de weg vinden naar regelingen voor hun kinderen",
        authors=[{"name": "Sanne Bos", "programme": "Social Work"}],
        neighbourhood="beijum",
        theme="armoede",
        summary="Ouders in Beijum kennen de Stadjerspas, maar weten vaak niet dat hun kinderen "
        "er ook gratis mee kunnen sporten.",
        findings=["Twee op de drie ouders kenden het Kindpakket niet."],
        recommendations=["Leg regelingen uit op het schoolplein, niet alleen per brief."],
        status="submitted",
        review=None,
        body=DRAFT_BODY,
    )
    repo.add_report(
        slug="overlast-binnenstad",
        title="Overlast in de Binnenstad",
        neighbourhood="binnenstad",
        theme="leefbaarheid",
        status="withdrawn",
        withdrawn_reason="Een geïnterviewde bewoner bleek herkenbaar; "
        "het rapport wordt herschreven.",
    )
    return repo


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


#: file name → (preview build?, page)
SHOTS = {
    "concept-banner.png": (True, "onderzoek/2024/armoede-beijum/"),
    "teruggetrokken.png": (False, "onderzoek/2024/overlast-binnenstad/"),
    "rapportpagina.png": (False, "onderzoek/2024/eenzaamheid-ouderen-selwerd/"),
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp) / "bank")
        sites = {
            True: repo.build(preview=True).rename(Path(tmp) / "voorbeeld"),
            False: repo.build(preview=False),
        }
        servers = {preview: serve(site) for preview, site in sites.items()}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1100, "height": 720})
                for name, (preview, url) in SHOTS.items():
                    page.goto(servers[preview][1] + url)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / name))
                    print(f"{OUT / name}")
                browser.close()
        finally:
            for server, _ in servers.values():
                server.shutdown()


if __name__ == "__main__":
    main()
