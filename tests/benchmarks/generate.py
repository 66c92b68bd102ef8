"""Generate N synthetic WIJS reports for benchmarks, spread realistically over the vocabulary.

    python tests/benchmarks/generate.py OUT_DIR --reports 1000 [--citations 30] [--figures]

OUT_DIR becomes a complete onderzoeksbank (mkdocs.yml, docs/, research/ with the real
vocabulary). The same seed gives the same reports, so runs are comparable.

The text is drawn like real text, so search indexes see realistic term statistics: a few words
are in every report and most in only a handful, and the vocabulary keeps growing with the
collection. Every word comes, Zipf-distributed by rank, from `woorden.tsv` (about 5,500 words
with their frequency, counted by build_vocabulary.py in the Dutch texts about WIJS, the example
reports and pages, and the shared corpus), from WORDS (the topical words of WIJS research, the
first ones in nearly every report), or from the report's own subject words (a dozen rarer words
and compounds such as "buurthuiskoffie" that recur in that report only, as real subjects do);
and a few words are compounds of two words, as Dutch makes them, from a pool of 40,000 that
recur Zipf-like. Report lengths follow a
log-normal spread (median about 1,800 words, from a 400-word factsheet to a 9,000-word thesis).
"""

from __future__ import annotations

import argparse
import base64
import math
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

WORDS = (
    "bewoners studenten wijk buurt ontmoeting gesprek onderzoek vraag antwoord ouderen jongeren "
    "gezinnen wijkteam gemeente activiteit buurthuis vrijwilligers contact eenzaamheid armoede "
    "taal brieven geld schulden school huiswerk voedselbank ondernemer winkel straat plein park "
    "veiligheid overlast afval geluid vertrouwen samenwerking aanbod bereik drempel behoefte "
    "ervaring verhaal interview enquête observatie respondent uitkomst aanbeveling conclusie "
    "methode resultaat verschil patroon groep leeftijd moeder vader kind buurman buurvrouw "
    "spreekuur koffie maaltijd wandeling fiets bus bibliotheek computer telefoon formulier "
    "toeslag huur energie rekening zorg gezondheid bewegen sport muziek feest markt tuin"
).split()
VERBS = (
    "vertellen ervaren zoeken missen vinden gebruiken bezoeken helpen organiseren bespreken "
    "merken noemen waarderen vragen delen leren starten stoppen kennen ontmoeten"
).split()
#: Share of the words of a sentence taken from WORDS, and from the report's own subject.
TOPICAL_SHARE = 0.12
SUBJECT_SHARE = 0.08
#: share of the words of a sentence that are a new compound of two words ("wijkbudgetaanvraag")
COMPOUND_SHARE = 0.02
#: report length in words: log-normal around MEDIAN_WORDS, clipped
MEDIAN_WORDS, LENGTH_SIGMA, LENGTH_RANGE = 1800, 0.55, (400, 9000)
GENERAL = [
    line.split("\t")[0]
    for line in (Path(__file__).resolve().parent / "woorden.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
]


def _zipf(size: int, exponent: float = 1.0) -> list[float]:
    """Cumulative Zipf weights for ranks 1..size, for random.choices(cum_weights=...)."""
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank**exponent
        cumulative.append(total)
    return cumulative


_GENERAL_CUM = _zipf(len(GENERAL))
_TOPICAL_CUM = _zipf(len(WORDS), 0.8)
#: words rare enough to be one report's subject (and the parts of its compounds)
_RARE = [w for w in GENERAL[300:] if len(w) >= 4]
#: the parts compounds are made of: longer words, the commoner first
_PARTS = [w for w in GENERAL[50:] if len(w) >= 4 and "-" not in w]
_PARTS_CUM = _zipf(len(_PARTS))
#: Compounds recur as words do: a fixed pool, drawn Zipf-like, so a bigger collection holds
#: more of them (the vocabulary grows with the collection) without every use being a new word.
COMPOUND_POOL = 40_000


def _compounds() -> list[str]:
    rng = random.Random(1963)
    pool = dict.fromkeys(
        a + b
        for a, b in (rng.choices(_PARTS, cum_weights=_PARTS_CUM, k=2) for _ in range(COMPOUND_POOL))
    )
    return list(pool)


_COMPOUNDS = _compounds()
_COMPOUNDS_CUM = _zipf(len(_COMPOUNDS))


def report_length(rng: random.Random) -> int:
    """Words in a report's body: log-normal, as real reports (factsheets to theses)."""
    words = round(MEDIAN_WORDS * math.exp(rng.gauss(0, LENGTH_SIGMA)))
    return max(LENGTH_RANGE[0], min(LENGTH_RANGE[1], words))


def subject_words(rng: random.Random, count: int = 12) -> list[str]:
    """A report's own subject: rarer words and a few compounds of two words."""
    words = rng.sample(_RARE, count - 3)
    parts = [w for w in WORDS if len(w) >= 4]
    words += [rng.choice(parts) + rng.choice(_RARE) for _ in range(3)]
    return words


SECTIONS = ["Inleiding", "Onderzoeksvraag", "Methode", "Resultaten", "Conclusie", "Aanbevelingen"]
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
FIRST = (
    "Anna Bram Chaima Daan Eva Fenna Gijs Hasan Iris Jesse Kim Lotte Mehmet Noor Omar Pien".split()
)
LAST = "Bakker Boersma Dijkstra Hoekstra Jansen Kuipers Meijer Mulder Postma Smit Visser Wiersma".split()


def sentence(rng: random.Random, words: int = 14, subject: list[str] | None = None) -> str:
    chosen = []
    for draw in (rng.random() for _ in range(words - 2)):
        if draw < TOPICAL_SHARE:
            chosen.append(rng.choices(WORDS, cum_weights=_TOPICAL_CUM)[0])
        elif subject and draw < TOPICAL_SHARE + SUBJECT_SHARE:
            chosen.append(rng.choice(subject))
        elif draw < TOPICAL_SHARE + SUBJECT_SHARE + COMPOUND_SHARE:
            chosen.append(rng.choices(_COMPOUNDS, cum_weights=_COMPOUNDS_CUM)[0])
        else:
            chosen.append(rng.choices(GENERAL, cum_weights=_GENERAL_CUM)[0])
    chosen.insert(rng.randrange(2, words - 2), rng.choice(VERBS))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def weighted(rng: random.Random, ids: list[str]) -> str:
    # a few wijken and themes get most research (Zipf-like), as in reality
    weights = [1 / (rank + 1) for rank in range(len(ids))]
    return rng.choices(ids, weights=weights)[0]


def body(
    rng: random.Random,
    words: int,
    citation_keys: list[str],
    figure: bool,
    subject: list[str] | None = None,
) -> str:
    parts = []
    per_section = words // len(SECTIONS)
    for number, title in enumerate(SECTIONS):
        parts.append(f"## {title}\n")
        written = 0
        while written < per_section:
            paragraph = [sentence(rng, subject=subject) for _ in range(5)]
            if citation_keys and rng.random() < 0.6:
                key = rng.choice(citation_keys)
                paragraph[2] = paragraph[2][:-1] + f" [@{key}, p. {rng.randint(3, 99)}]."
            parts.append(" ".join(paragraph) + "\n")
            written += 70
        if figure and number == 3:
            parts.append(
                "![Staafdiagram van de antwoorden per leeftijdsgroep](figures/grafiek.png)\n"
            )
    return "\n".join(parts)


def bibliography(rng: random.Random, count: int) -> tuple[str, list[str]]:
    entries, keys = [], []
    for n in range(count):
        last = rng.choice(LAST)
        year = rng.randint(1995, 2024)
        key = f"{last.lower()}{year}{n}"
        keys.append(key)
        if n % 3 == 0:
            entries.append(
                f"@article{{{key},\n  author = {{{last}, {rng.choice(FIRST)} and "
                f"{rng.choice(LAST)}, {rng.choice(FIRST)}}},\n  title = {{{sentence(rng, 8)[:-1]}}},"
                f"\n  journal = {{Tijdschrift voor Sociale Vraagstukken}},\n  year = {{{year}}},"
                f"\n  volume = {{{rng.randint(1, 40)}}},\n  pages = {{{n + 1}--{n + 20}}},"
                f"\n  doi = {{10.1000/wijs.{n}}}\n}}\n"
            )
        elif n % 3 == 1:
            entries.append(
                f"@book{{{key},\n  author = {{{last}, {rng.choice(FIRST)}}},\n  title = "
                f"{{{sentence(rng, 6)[:-1]}}},\n  publisher = {{Van Gorcum}},\n  address = "
                f"{{Assen}},\n  year = {{{year}}}\n}}\n"
            )
        else:
            entries.append(
                f"@techreport{{{key},\n  author = {{{{Gemeente Groningen}}}},\n  title = "
                f"{{{sentence(rng, 7)[:-1]}}},\n  institution = {{Gemeente Groningen}},\n"
                f"  year = {{{year}}}\n}}\n"
            )
    return "\n".join(entries), keys


def generate(
    out: Path,
    reports: int,
    *,
    citations: int = 0,
    figures: bool = False,
    words: int | None = None,
    seed: int = 2015,
) -> Path:
    """Write a complete onderzoeksbank with ``reports`` synthetic reports into ``out``; each
    body ``words`` long, or of a realistic length (report_length) when None."""
    rng = random.Random(seed)
    vocabulary = yaml.safe_load((REPO / "research" / "vocabulary.yml").read_text(encoding="utf-8"))
    wijken = [w["id"] for w in vocabulary["wijken"]]
    themes = [t["id"] for t in vocabulary["themes"]]
    institutions = [(i["id"], i.get("levels", ["hbo"])) for i in vocabulary["institutions"]]
    if out.exists():
        shutil.rmtree(out)
    (out / "research").mkdir(parents=True)
    shutil.copy(REPO / "research" / "vocabulary.yml", out / "research" / "vocabulary.yml")
    shutil.copytree(REPO / "docs", out / "docs")
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    for n in range(reports):
        year = 2016 + n % 10
        institution, levels = institutions[rng.randrange(min(4, len(institutions)))]
        wijk = weighted(rng, wijken)
        theme = sorted({weighted(rng, themes), weighted(rng, themes)})
        slug = f"onderzoek-{n:05d}-{wijk}"
        folder = out / "research" / str(year) / slug
        folder.mkdir(parents=True)
        keys: list[str] = []
        subject = subject_words(rng)
        if citations:
            bib, keys = bibliography(rng, citations)
            (folder / "references.bib").write_text(bib, encoding="utf-8")
        if figures:
            (folder / "figures").mkdir()
            (folder / "figures" / "grafiek.png").write_bytes(TINY_PNG)
        meta = {
            "title": f"{sentence(rng, 7, subject)[:-1]} ({n})",
            "authors": [
                {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "programme": "Social Work"}
                for _ in range(rng.randint(1, 3))
            ],
            "supervisors": [f"dr. {rng.choice(FIRST)[0]}. {rng.choice(LAST)}"],
            "institution": institution,
            "level": levels[0] if levels else "hbo",
            "year": year,
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "neighbourhood": wijk,
            "theme": theme,
            "commissioner": "WIJ Groningen",
            "type": "onderzoeksrapport",
            "language": "nl",
            "summary": " ".join(sentence(rng, subject=subject) for _ in range(3)),
            "findings": [sentence(rng, subject=subject) for _ in range(3)],
            "recommendations": [sentence(rng, subject=subject) for _ in range(2)],
            "keywords": sorted({rng.choice(WORDS), *subject[:2]}),
            "license": "CC-BY-4.0",
            "status": "approved",
            "review": {"by": "dr. M. Bakker", "date": f"{year}-12-30"},
            "consent": {
                "authors": True,
                "commissioner": {"name": "WIJ Groningen", "date": f"{year}-12-20"},
                "respondents": "anonymised",
            },
        }
        if figures:
            meta["figures"] = [{"file": "figures/grafiek.png", "credit": "own"}]
        text = body(rng, words or report_length(rng), keys, figures, subject)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / "index.md").write_text(f"---\n{front}---\n\n{text}", encoding="utf-8")
    return out


def bare_copy(bank: Path, out: Path) -> Path:
    """The same Markdown as a bare mkdocs-material site with its default navigation."""
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# Onderzoeksbank\n", encoding="utf-8")
    for source in sorted((bank / "research").glob("*/*/index.md")):
        target = out / "docs" / source.parent.relative_to(bank / "research")
        shutil.copytree(source.parent, target)
    (out / "mkdocs.yml").write_text(
        "site_name: WIJS Onderzoeksbank (kaal)\ntheme:\n  name: material\n  language: nl\n",
        encoding="utf-8",
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--citations", type=int, default=0, help="references per report")
    parser.add_argument("--figures", action="store_true", help="one figure per report")
    parser.add_argument("--bare", type=Path, help="also write the bare mkdocs-material copy here")
    args = parser.parse_args()
    generate(args.out, args.reports, citations=args.citations, figures=args.figures)
    if args.bare:
        bare_copy(args.out, args.bare)
    print(f"{args.reports} rapporten in {args.out}")


if __name__ == "__main__":
    main()
