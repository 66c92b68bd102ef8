"""The build settings (wijs.settings.BuildSettings): each one changes what it should, from plain
plugin options in mkdocs.yml, the command line or the two environment variables users set on
purpose; wrong values get a Dutch message; the core never reads the environment itself."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Repo
from wijs import parallel
from wijs.citations import diskcache
from wijs.cli import main
from wijs.errors import WijsError
from wijs.settings import BuildSettings, parse_date

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "wijs"
#: the adapters: they read the environment once, into the settings
ADAPTERS = {"cli.py", "builder.py", "plugin.py"}
#: the only other modules that read the environment, and what for
EXCEPTIONS = {
    "reproducible.py": "SOURCE_DATE_EPOCH",  # a standard for reproducible builds
    "cache_seal.py": "XDG_CACHE_HOME",  # where the key that seals the caches lives
    "checks/cache.py": "GIT_OPTIONAL_LOCKS",  # the environment of a git subprocess
}
REPORT = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"
LATER = "onderzoek/2024/later-openbaar/"


def _build_with_mkdocs(repo: Repo) -> None:
    """A plain `mkdocs build` of the repository: no wijs command line in between."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(repo.root / "mkdocs.yml"))
    config.site_dir = str(repo.root / "site")
    # MkDocs keeps one plugin object per process: one that `wijs build` used leaves the
    # search index and the leak scan to wijs.builder
    config.plugins["wijs"].finish_later = False  # type: ignore[attr-defined]
    build(config)


def test_each_plugin_option_changes_what_it_should(repo: Repo) -> None:
    repo.add_report()
    repo.add_report(slug="later-openbaar", title="Later openbaar", embargo_until="2026-06-01")
    repo.add_report(
        slug="concept", title="Nog een concept", status="draft", review=None, consent=None
    )
    site = repo.root / "site"
    repo.write_mkdocs(downloads=False, search_index=False, today="2026-01-01")
    repo.build()
    assert not (site / "pagefind").exists()  # search_index: false
    assert not (site / REPORT / "eenzaamheid-ouderen-selwerd.pdf").exists()  # downloads: false
    assert not (site / LATER).exists()  # today: before the embargo ends
    assert not (site / "onderzoek/2024/concept").exists()  # preview: false
    repo.write_mkdocs(downloads=True, search_index=True, today="2026-06-01", preview=True)
    _build_with_mkdocs(repo)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / REPORT / "eenzaamheid-ouderen-selwerd.pdf").is_file()
    assert "Later openbaar" in repo.page(LATER)
    assert "wijs-banner--concept" in repo.page("onderzoek/2024/concept/")


def test_the_command_line_wins_over_mkdocs_yml_without_environment_variables(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add_report(
        slug="concept", title="Nog een concept", status="draft", review=None, consent=None
    )
    repo.write_mkdocs(downloads=True, search_index=False)
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["build", "--preview", "--no-downloads"])
    assert result.exit_code == 0, result.output
    assert "wijs-banner--concept" in repo.page("onderzoek/2024/concept/")
    assert not (repo.root / ".cache" / "wijs" / "downloads").exists()


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("preview", "ja", "schrijf true (aan) of false (uit)"),
        ("downloads", "nee", "schrijf true (aan) of false (uit)"),
        ("search_index", 1, "schrijf true (aan) of false (uit)"),
        ("today", "morgen", "JJJJ-MM-DD"),
    ],
)
def test_a_wrong_plugin_option_stops_the_build_with_a_dutch_message(
    repo: Repo, option: str, value: object, said: str, caplog: pytest.LogCaptureFixture
) -> None:
    repo.add_report()
    repo.write_mkdocs(**{option: value})
    with pytest.raises(WijsError, match="configuration error") as stopped:
        repo.build()
    assert stopped.value.code == "build-failed"
    # MkDocs logs it (the CLI shows it) with the option's name
    assert f"Plugin 'wijs' option '{option}': {value!r}" in caplog.text
    assert said in caplog.text
    assert not (repo.root / "site").exists()


def test_today_may_be_a_yaml_date_or_text() -> None:
    assert parse_date("2025-09-01") == dt.date(2025, 9, 1)
    assert parse_date(dt.date(2025, 9, 1)) == dt.date(2025, 9, 1)
    assert parse_date("") is None and parse_date(None) is None


def test_environment_variables_are_read_into_the_settings() -> None:
    settings = BuildSettings().with_environment({"WIJS_WORKERS": "3", "WIJS_NO_DISK_CACHE": "1"})
    assert settings.workers == 3 and settings.disk_cache is False
    plain = BuildSettings().with_environment({"WIJS_WORKERS": "", "WIJS_NO_DISK_CACHE": ""})
    assert plain.workers is None and plain.disk_cache is True
    assert parallel.worker_count(1) == 1 and parallel.worker_count(None) >= 1
    for wrong in ("nul", "0", "-2", "1.5"):
        with pytest.raises(WijsError, match=r"WIJS_WORKERS=.*heel getal van 1 of meer"):
            BuildSettings().with_environment({"WIJS_WORKERS": wrong})


def test_no_disk_cache_keeps_no_check_results(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diskcache, "_enabled", True)  # restored after the test
    repo.add_report()
    store = repo.root / ".cache" / "wijs" / "checks.json"
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("WIJS_NO_DISK_CACHE", "1")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert not store.exists()
    assert diskcache.disk_cache(repo.root) is None
    monkeypatch.delenv("WIJS_NO_DISK_CACHE")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert store.is_file()
    assert diskcache.disk_cache(repo.root) is not None


def test_a_wrong_number_of_workers_is_a_usage_error(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add_report()
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("WIJS_WORKERS", "twee")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "WIJS_WORKERS='twee'" in result.output and "heel getal" in result.output


def test_only_the_adapters_read_the_environment() -> None:
    """Settings come in through the adapters; the core reads the environment only for the
    named exceptions, and each of them only for that variable."""
    reading = re.compile(r"\bos\.(?:environb?|getenv|putenv|unsetenv)\b|\bfrom os import\b")
    readers: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if reading.search(text):
            readers[path.relative_to(PACKAGE).as_posix()] = text
    outside = {name for name in readers if name not in ADAPTERS}
    assert outside == set(EXCEPTIONS), "lees instellingen in de adapters (wijs.settings)"
    for name, variable in EXCEPTIONS.items():
        assert variable in readers[name]
        assert "WIJS_" not in readers[name]
