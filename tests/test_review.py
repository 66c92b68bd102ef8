"""wijs review: the review a docent reads on the pull request (Markdown) and scripts read (JSON)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, Repo
from wijs import checks
from wijs.cli import main
from wijs.diagnostics import Diagnostic, warning
from wijs.model import Report

BIB = """@article{jansen2021,
  author = {Jansen, Anna},
  title = {Eenzaamheid in de wijk},
  journal = {Tijdschrift voor Sociale Vraagstukken},
  year = {2021},
  doi = {10.1234/tsv.2021.5}
}
@book{cacioppo2008,
  author = {Cacioppo, John T.},
  title = {Loneliness},
  publisher = {Norton},
  year = {2008}
}
"""

BODY = """## Inleiding

Ouderen in Selwerd eten vaak alleen [@jansen2021].

![](figures/grafiek.png)

Zie ook [de bijlage](attachments/vragenlijst.pdf).
"""


def review(repo: Repo, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["review", *args, "--research", str(repo.research)])


def submitted(repo: Repo, **overrides: object) -> Path:
    fields: dict[str, object] = {
        "status": "submitted",
        "review": None,
        "title": "Eten en ontmoeten in Selwerd",
        "summary": "Ouderen in Selwerd eten vaak alleen; het wijkrestaurant helpt.",
        **overrides,
    }
    index = repo.add_report(slug="eten-en-ontmoeten-selwerd", body=BODY, **fields)
    (index.parent / "figures").mkdir()
    (index.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (index.parent / "references.bib").write_text(BIB, encoding="utf-8")
    return index


def test_docent_reads_a_review_comment_with_everything_in_one_place(repo: Repo) -> None:
    repo.add_report()  # a published report on the same theme and wijk
    index = submitted(repo)
    result = review(repo, str(index.parent))
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("<!-- wijs-review -->\n")
    assert "### Eten en ontmoeten in Selwerd" in text
    assert "status: **ingediend**" in text
    assert "| Instelling | Hanzehogeschool Groningen |" in text
    assert "| Wijk | Selwerd |" in text
    assert "| Thema | Eenzaamheid, Ouderen |" in text
    # check results grouped by severity, with the line in index.md
    assert "**Fouten (1)**" in text and "**missing-file**" in text
    assert "**Waarschuwingen (" in text and "**missing-alt**" in text
    assert "Bronnen in `references.bib`: 2, waarvan 1 met DOI" in text
    line = index.read_text(encoding="utf-8").splitlines().index("![](figures/grafiek.png)") + 1
    assert f"Afbeeldingen zonder alt-tekst: regel {line} (`figures/grafiek.png`)" in text
    assert f"Kapotte links: regel {line + 2} (`attachments/vragenlijst.pdf`)" in text
    assert "- Respondenten: geanonimiseerd" in text
    assert "- Opdrachtgever: WIJ Selwerd, akkoord op 2024-06-18" in text
    assert (
        "#### Vergelijkbaar gepubliceerd onderzoek\n\n- [Eenzaamheid onder ouderen in Selwerd]"
        "(https://wijs-groningen.github.io/onderzoeksbank/onderzoek/2024/eenzaamheid-ouderen-selwerd/)"
    ) in text
    assert "- [ ] De methode past bij de onderzoeksvraag." in text
    assert "#### Privacy\n\nGeen privacybevindingen." in text
    assert "Beoordeling gevraagd aan: `wijs-groningen/docenten-hanze`." in text


THIN_BODY = """## Inleiding

Ouderen in Selwerd eten vaak alleen. We spraken met twaalf ouderen in het wijkrestaurant over
hoe vaak zij samen eten, wie zij zien en wat zij missen. Een derde van de geïnterviewde ouderen
eet vaak alleen, vooral in het weekend. Het wijkrestaurant is dan dicht en de buurtkamer ook.
Veel ouderen willen graag vaker samen eten met buren.

## Resultaten

## Conclusie

Samen eten helpt.
"""


def test_docent_is_warned_about_a_thin_report_one_line_per_reason(repo: Repo) -> None:
    index = submitted(
        repo,
        summary=" ".join(["Ouderen in Selwerd eten vaak alleen en missen hun buren."] * 8),
        findings=[
            "Een derde van de geïnterviewde ouderen eet vaak alleen.",
            "Jongeren sporten liever in het nieuwe zwembad dan op het trapveld.",
        ],
    )
    index.write_text(
        index.read_text(encoding="utf-8").split("\n---\n")[0] + "\n---\n\n" + THIN_BODY,
        encoding="utf-8",
    )
    lines = index.read_text(encoding="utf-8").splitlines()
    result = review(repo, str(index))
    assert result.exit_code == 0, result.output
    text = result.output
    assert "· 6 aandachtspunt(en) bij de inhoud" in text
    warned = re.findall(r"^- ⚠️ (.*)$", text, re.M)
    body = lines.index("## Inleiding") + 1
    summary = next(n for n, line in enumerate(lines, start=1) if line.startswith("summary:"))
    assert [w.split(" — ")[0] for w in warned] == [
        f"regel {body - 1}: Het rapport telt maar 64 woorden (minder dan 300).",
        f"regel {summary}: De samenvatting (80 woorden) is langer dan de tekst zelf (64 woorden).",
        f"regel {body - 1}: Het rapport heeft geen hoofdstuk over de methode.",
        f"regel {lines.index('## Resultaten') + 1}: Hoofdstuk ‘Resultaten’ is leeg.",
        f"regel {lines.index('## Conclusie') + 1}: Hoofdstuk ‘Conclusie’ telt maar 3 woorden.",
        f"regel {lines.index('- Jongeren sporten liever in het nieuwe zwembad dan op het trapveld.') + 1}"
        ": Bevinding 2 komt niet terug in de tekst: ‘Jongeren sporten liever in het nieuwe "
        "zwembad dan op het trapveld.’",
    ]
    # every warning says how to fix it
    assert all(" — _" in w for w in warned)


def test_review_shows_the_summary_findings_recommendations_and_words_per_chapter(
    repo: Repo,
) -> None:
    index = submitted(repo)
    lines = index.read_text(encoding="utf-8").splitlines()
    text = review(repo, str(index)).output
    published = text.split("#### Wat er gepubliceerd wordt")[1].split("#### Controles")[0]
    assert (
        "**Samenvatting** (9 woorden)\n\n> Ouderen in Selwerd eten vaak alleen; het " in published
    )
    assert "**Bevindingen** (1)\n\n1. Een derde van de geïnterviewde ouderen eet vaak alleen." in (
        published
    )
    assert "**Aanbevelingen** (1)\n\n1. Open het wijkrestaurant ook op zondag." in published
    assert "**Woorden per hoofdstuk** (11 in totaal)" in published
    assert f"| Inleiding | {lines.index('## Inleiding') + 1} | 10 |" in published


def test_chapter_titles_and_findings_cannot_break_the_review_comment(repo: Repo) -> None:
    index = submitted(repo, findings=["Hulp van @octocat | <!-- wijs-review --> *echt*"])
    index.write_text(
        index.read_text(encoding="utf-8") + "\n## Zie @octocat | <b>vet</b> *echt*\n",
        encoding="utf-8",
    )
    text = review(repo, str(index)).output
    assert "@octocat" not in text and text.count("<!-- wijs-review -->") == 1
    assert "<b>" not in text
    escaped = "@\u200boctocat \\| &lt;b&gt;vet&lt;/b&gt; \\*echt\\*"
    assert f"Hoofdstuk ‘Zie {escaped}’ is leeg." in text
    assert f"| Zie {escaped} |" in text


def test_privacy_findings_get_their_own_heading(repo: Repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def phone_numbers(report: Report) -> list[Diagnostic]:
        return [
            warning(report.source, 9, "privacy-phone", "Telefoonnummer in de tekst.", "Haal weg.")
        ]

    monkeypatch.setattr(checks, "REPORT_CHECKS", [*checks.REPORT_CHECKS, phone_numbers])
    index = submitted(repo)
    text = review(repo, str(index)).output
    privacy = text.split("#### Privacy")[1].split("####")[0]
    assert "regel 9: **privacy-phone** Telefoonnummer in de tekst." in privacy
    assert "privacy-phone" not in text.split("#### Privacy")[0]
    assert "1 privacybevinding(en)" in text


def test_review_without_consent_says_it_is_missing(repo: Repo) -> None:
    index = submitted(repo, consent=None)
    text = review(repo, str(index)).output
    assert "#### Toestemming (consent)\n\n**Ontbreekt.**" in text
    assert "submitted-without-consent" in text


def test_report_text_cannot_mention_people_or_break_the_comment(repo: Repo) -> None:
    index = submitted(repo, title="Hulp van @octocat | <!-- wijs-review --> *echt*")
    text = review(repo, str(index)).output
    assert "@octocat" not in text and "@\u200boctocat" in text
    assert text.count("<!-- wijs-review -->") == 1
    assert "\\| &lt;!-- wijs-review --&gt; \\*echt\\*" in text


def test_unreadable_report_still_gets_a_review_naming_its_errors(repo: Repo) -> None:
    index = repo.add_report(slug="kapot", neighbourhood="Selwrd", status="draft", review=None)
    result = review(repo, str(index))
    assert result.exit_code == 0
    assert "**Dit rapport kan niet worden gelezen.**" in result.output
    assert "Onbekende wijk 'Selwrd'." in result.output


def test_json_exposes_review_teams_and_the_numbers(repo: Repo) -> None:
    index = submitted(repo, institution=["Hanze", "rug"], level=["hbo", "wo"])
    result = review(repo, str(index), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["review_teams"] == ["wijs-groningen/docenten-hanze", "wijs-groningen/docenten-rug"]
    (item,) = data["reports"]
    assert item["path"] == "research/2024/eten-en-ontmoeten-selwerd/index.md"
    assert item["references"] == {"count": 2, "with_doi": 1, "problem": ""}
    assert item["meta"]["status"] == "submitted"
    assert item["consent"]["complete"] is True
    assert [d["code"] for d in item["diagnostics"]["error"]] == ["missing-file"]
    assert item["word_count"] == 11  # link targets, images and citation keys are no words


def test_review_of_the_example_reports(tmp_path: Path) -> None:
    folders = sorted((REPO / "research").glob("*/*/index.md"))
    assert folders, "the repository has example reports"
    runner = CliRunner()
    args = ["review", *[str(f.parent) for f in folders], "--research", str(REPO / "research")]
    markdown = runner.invoke(main, args)
    assert markdown.exit_code == 0, markdown.output
    assert markdown.output.count("#### Controles") == len(folders)
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert len(data["reports"]) == len(folders)
    readable = [r for r in data["reports"] if r["readable"]]
    assert readable and all(r["word_count"] > 100 for r in readable)
    # finished reports give the docent nothing to send back
    assert [(r["path"], r["content"]) for r in readable if r["content"]] == []
    assert all(len(r["chapters"]) >= 4 for r in readable)


def _git(root: Path, *args: str) -> str:
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


def test_changed_since_reviews_only_the_reports_a_branch_changed(repo: Repo) -> None:
    repo.add_report()
    _git(repo.root, "init", "-q", "-b", "main")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-qm", "begin")
    index = submitted(repo)
    (index.parent / "figures" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\nanders")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-qm", "mijn onderzoek")
    result = review(repo, "--changed-since", "main~1", "--format", "json")
    assert result.exit_code == 0, result.output
    paths = [r["path"] for r in json.loads(result.output)["reports"]]
    assert paths == ["research/2024/eten-en-ontmoeten-selwerd/index.md"]
    nothing = review(repo, "--changed-since", "HEAD")
    assert nothing.exit_code == 0
    assert "Deze wijziging raakt geen rapporten" in nothing.output
    bad_ref = review(repo, "--changed-since", "bestaat-niet")
    assert bad_ref.exit_code == 2


@pytest.mark.parametrize("args", [[], ["research", "--changed-since", "HEAD"]])
def test_review_needs_paths_or_a_ref_but_not_both(repo: Repo, args: list[str]) -> None:
    assert review(repo, *args).exit_code == 2
