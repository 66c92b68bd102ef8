"""Builds that lose nothing: a failed build leaves the previous site as it was, and the same
input gives a byte-identical site."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Repo
from test_privacy import photo_with_gps
from wijs.cli import main
from wijs.errors import WijsError

REPORT = "onderzoek/2024/eenzaamheid-ouderen-selwerd/"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_wijs_build_with_a_privacy_finding_keeps_the_previous_site(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.add_report()
    monkeypatch.chdir(repo.root)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = fingerprint(repo.root / "site")
    path.write_text(
        path.read_text(encoding="utf-8") + "\nBel respondent Karel op 06-12345678.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "privacy-phone" in result.stdout and "Traceback" not in result.output
    assert fingerprint(repo.root / "site") == before
    assert [p.name for p in repo.root.iterdir() if p.name.startswith(".site")] == []


def test_a_crash_halfway_through_the_build_keeps_the_previous_site(repo: Repo) -> None:
    repo.add_report()
    site = repo.build()
    before = fingerprint(site)
    repo.add_hook(
        """
        from pathlib import Path

        def on_post_build(config):
            Path(config.site_dir, "half.txt").write_text("half geschreven", encoding="utf-8")
            raise OSError("schijf vol")
        """
    )
    repo.add_report(slug="tweede-rapport")
    with pytest.raises(WijsError, match="schijf vol"):
        repo.build()
    assert fingerprint(site) == before
    assert [p.name for p in repo.root.iterdir() if p.name.startswith(".site")] == []


def test_same_input_gives_a_byte_identical_site(
    make_repo: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wijs.builder import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")
    repo = make_repo("bank")  # type: ignore[operator]
    path = repo.add_report(
        body="![Het buurthuis](figures/buurthuis.jpg)\n",
        privacy_exceptions=[{"value": "figures/buurthuis.jpg", "reason": "openbaar gebouw"}],
    )
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "buurthuis.jpg").write_bytes(photo_with_gps())
    repo.add_report(slug="tweede-rapport", neighbourhood="vinkhuizen", title="Tweede")
    repo.add_report(slug="concept", status="draft", review=None, consent=None, title="Concept")
    first = build_site(repo.root / "mkdocs.yml", repo.root.parent / "eerste")
    second = build_site(repo.root / "mkdocs.yml", repo.root.parent / "tweede" / "site")
    # Pagefind writes its filter and metadata indexes in hash-map order, so those files
    # differ between runs (upstream: Pagefind/pagefind#638); everything else is identical
    one, two = (
        {k: v for k, v in fingerprint(folder).items() if not k.startswith("pagefind/")}
        for folder in (first, second)
    )
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert "sitemap.xml" in one
    assert "2024-06-10" in (first / "sitemap.xml").read_text(encoding="utf-8")


def test_source_date_epoch_decides_embargoes_when_no_date_is_configured(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write_mkdocs(today=None)
    repo.add_report(embargo_until="2025-01-01")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")  # June 2024: still under embargo
    site = repo.build()
    assert not (site / REPORT).exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")  # June 2025: embargo over
    site = repo.build()
    assert (site / REPORT / "index.html").is_file()
