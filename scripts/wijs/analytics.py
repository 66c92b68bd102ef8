"""Optional, cookie-free visitor counting with a self-hosted counter (GoatCounter, Plausible or
Matomo without cookies). Off by default: then the site makes no request to any other host."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from wijs.errors import WijsError
from wijs.pages.render import environment

PROVIDERS = ("goatcounter", "plausible", "matomo")


def analytics_problem(message: str) -> WijsError:
    """The counting settings in mkdocs.yml cannot be used; the message says how to fix them."""
    return WijsError.one("analytics", f"plugin wijs: {message}", path="mkdocs.yml")


@dataclass(frozen=True)
class Analytics:
    provider: str
    url: str  # the counter's own address, ending in '/'
    site_id: str = ""  # Matomo: idSite; Plausible: the domain as registered

    @property
    def script_host(self) -> str:
        return urlsplit(self.url).hostname or ""


def analytics_settings(
    provider: str | None, url: str | None, site_id: str | None, site_url: str = ""
) -> Analytics | None:
    """Settings → Analytics, None when counting is off; WijsError when incomplete."""
    if not provider:
        if url:
            raise analytics_problem(
                "analytics.url staat ingesteld maar analytics.provider niet: er wordt niets "
                f"geteld. Kies provider: {' | '.join(PROVIDERS)}, of haal url weg."
            )
        return None
    if provider not in PROVIDERS:
        raise analytics_problem(
            f"Onbekende analytics.provider '{provider}'. Kies uit: {', '.join(PROVIDERS)}."
        )
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname:
        raise analytics_problem(
            "analytics.url moet het https-adres van de eigen teller zijn, bijvoorbeeld "
            "https://stats.example.nl/."
        )
    base = (url or "").rstrip("/") + "/"
    if provider == "matomo":
        site_id = site_id or "1"
    elif provider == "plausible":
        site_id = site_id or urlsplit(site_url).hostname or ""
        if not site_id:
            raise analytics_problem(
                "Plausible heeft het domein van de site nodig: zet site_url in mkdocs.yml of "
                "analytics.site_id (bijvoorbeeld onderzoek.wijs-groningen.nl)."
            )
    return Analytics(provider, base, site_id or "")


def counter_tag(analytics: Analytics | None) -> str:
    """The <script> tag of the counter (trusted, escaped HTML); '' when counting is off."""
    if analytics is None:
        return ""
    template = environment().get_template("analytics.html.j2")
    return template.render(a=analytics).strip()
