"""Visitor counting: off by default with no request to any other host; on, the self-hosted,
cookie-free counter's script is on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import Repo
from wijs.analytics import analytics_settings, counter_tag
from wijs.errors import WijsError

PAGES = ("", "onderzoek/2024/eenzaamheid-ouderen-selwerd/", "wijk/selwerd/", "jaarverslag/2024/")


def visit(page: Any, base: str, urls: tuple[str, ...] = PAGES) -> list[str]:
    """Open each page in Chromium and return every URL it requested."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for url in urls:
        page.goto(base + url, wait_until="networkidle")
    return requests


@pytest.mark.browser
def test_site_without_counting_requests_nothing_from_another_host(
    repo: Repo, serve_dir: Callable[..., str], page: Any
) -> None:
    repo.add_report()
    repo.build()
    html = repo.page("")
    assert "goatcounter" not in html and "_paq" not in html and "plausible" not in html
    requests = visit(page, serve_dir(repo.root / "site"))
    assert len(requests) > len(PAGES)  # pages, styles and scripts were really loaded
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requests if "127.0.0.1" not in url)


@pytest.mark.browser
def test_site_with_goatcounter_loads_the_self_hosted_counter_on_every_page(
    repo: Repo, serve_dir: Callable[..., str], page: Any
) -> None:
    repo.add_report()
    repo.write_mkdocs(analytics={"provider": "goatcounter", "url": "https://stats.example.nl"})
    repo.build()
    tag = (
        '<script data-goatcounter="https://stats.example.nl/count" async '
        'src="https://stats.example.nl/count.js"></script>'
    )
    for url in PAGES:
        assert tag in repo.page(url), url
    # the counter is fetched from its own host only: answer it locally, there is no network
    page.route("https://stats.example.nl/**", lambda route: route.fulfill(body="", status=200))
    requests = visit(page, serve_dir(repo.root / "site"), PAGES[:1])
    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {"127.0.0.1", "stats.example.nl"}


def test_matomo_runs_without_cookies_and_escapes_its_settings() -> None:
    settings = analytics_settings("matomo", 'https://stats.example.nl/"</script>', "7")
    assert settings is not None
    tag = counter_tag(settings)
    assert '_paq.push(["disableCookies"])' in tag
    assert tag.count("</script>") == 1  # the hostile address cannot close the script
    assert '"7"' in tag


def test_plausible_uses_the_site_domain() -> None:
    settings = analytics_settings(
        "plausible", "https://stats.example.nl/", None, "https://onderzoek.example.nl/"
    )
    assert counter_tag(settings) == (
        '<script defer data-domain="onderzoek.example.nl" '
        'src="https://stats.example.nl/js/script.js"></script>'
    )


def test_counting_is_off_unless_a_provider_is_chosen() -> None:
    assert analytics_settings(None, None, None) is None
    assert counter_tag(None) == ""
    with pytest.raises(WijsError, match="https"):
        analytics_settings("goatcounter", "http://stats.example.nl/", None)
    with pytest.raises(WijsError, match="provider"):
        analytics_settings(None, "https://stats.example.nl/", None)


def test_incomplete_counting_settings_stop_the_build_with_a_clear_message(repo: Repo) -> None:
    repo.add_report()
    repo.write_mkdocs(analytics={"provider": "goatcounter"})
    with pytest.raises(WijsError, match=r"analytics\.url moet het https-adres van de eigen teller"):
        repo.build()
    assert not (repo.root / "site").exists()
