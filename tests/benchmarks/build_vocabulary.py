"""Count the Dutch words of real WIJS texts into woorden.tsv, the benchmark generator's vocabulary.

    .venv/bin/python tests/benchmarks/build_vocabulary.py [--shared ../shared]

Sources: the Dutch texts about WIJS in ../shared/domain/, this repository's example reports,
questions and Dutch pages (research/, docs/), and the documents of ../shared/corpus/ (Word and
OpenDocument files as plain text through pandoc, the titles and abstracts of the .bib files;
they are not Dutch, as real reports quote English and German sources). Every word of two or
more letters, lowercased, with how often it occurs, most frequent first. The file is
committed, so the generator needs no ../shared when a benchmark runs; run this again when the
sources change.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = HERE / "woorden.tsv"
WORD = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})*")
_BIB_TEXT = re.compile(
    r"^\s*(?:title|subtitle|abstract|annotation)\s*=\s*[{\"](.+?)[}\"],?\s*$", re.M
)


def texts(shared: Path) -> dict[str, list[str]]:
    """Source name → its texts."""
    import pypandoc

    found: dict[str, list[str]] = {"domain": [], "repository": [], "corpus": []}
    for path in sorted((shared / "domain").glob("*.txt")):
        found["domain"].append(path.read_text(encoding="utf-8"))
    for folder in (REPO / "research", REPO / "docs"):
        for path in sorted(folder.rglob("*.md")):
            found["repository"].append(path.read_text(encoding="utf-8"))
    for path in sorted((shared / "corpus").glob("*/*")):
        if path.suffix in (".docx", ".odt"):
            try:
                found["corpus"].append(pypandoc.convert_file(str(path), "plain"))
            except RuntimeError as exc:  # a document pandoc refuses adds no words
                print(f"overgeslagen: {path.name}: {str(exc).splitlines()[0]}", file=sys.stderr)
        elif path.suffix == ".bib":
            found["corpus"].extend(_BIB_TEXT.findall(path.read_text(encoding="utf-8")))
    return found


def count(found: dict[str, list[str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for parts in found.values():
        for text in parts:
            counts.update(w.lower() for w in WORD.findall(text))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    if not (args.shared / "domain").is_dir() or not (args.shared / "corpus").is_dir():
        sys.exit(f"{args.shared} mist domain/ of corpus/: geef de map mee met --shared")
    found = texts(args.shared)
    counts = count(found)
    lines = [f"{w}\t{n}" for w, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sizes = ", ".join(f"{name} {len(parts)} teksten" for name, parts in found.items())
    print(f"{len(lines)} woorden ({sum(counts.values())} keer) uit {sizes} → {OUT.name}")


if __name__ == "__main__":
    main()
