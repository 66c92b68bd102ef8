"""The vocabulary WIJS staff edit: complete, unambiguous, and forgiving about how people write."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VOCABULARY
from wijs.errors import WijsError
from wijs.vocabulary import fold, load_vocabulary


@pytest.fixture(scope="module")
def vocabulary():  # type: ignore[no-untyped-def]
    return load_vocabulary(VOCABULARY)


def test_wijken_are_grouped_into_stadsdelen_including_haren_and_ten_boer(vocabulary) -> None:
    stadsdelen = {s.id for s in vocabulary.stadsdelen}
    assert {"haren", "ten-boer"} <= stadsdelen
    for wijk in vocabulary.proper_wijken():
        assert wijk.group in stadsdelen, f"{wijk.id} hoort bij een onbekend stadsdeel"
    assert vocabulary.wijken_in("haren"), "Haren heeft geen wijken"
    assert vocabulary.wijken_in("ten-boer"), "Ten Boer heeft geen wijken"


def test_every_name_points_to_exactly_one_term(vocabulary) -> None:
    for terms in (
        vocabulary.wijken,
        vocabulary.themes,
        vocabulary.institutions,
        vocabulary.levels,
        vocabulary.types,
    ):
        seen: dict[str, str] = {}
        for term in terms:
            assert term.id == term.id.lower() and " " not in term.id
            for name in (term.id, term.label, *term.aliases):
                owner = seen.setdefault(fold(name), term.id)
                assert owner == term.id, f"'{name}' hoort bij {owner} en {term.id}"


def test_the_partners_and_levels_of_wijs_are_there(vocabulary) -> None:
    assert {"rug", "hanzehogeschool", "noorderpoort", "alfa-college"} <= set(
        vocabulary.institutions.ids()
    )
    assert vocabulary.levels.ids() == ["mbo", "hbo", "wo"]
    assert {"eenzaamheid", "armoede", "digitale-vaardigheden", "ouderen"} <= set(
        vocabulary.themes.ids()
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Paddepoel-Noord", "paddepoel"),
        ("paddepoel noord", "paddepoel"),
        ("SELWERD", "selwerd"),
        ("Hanze", "hanzehogeschool"),
        ("Rijksuniversiteit Groningen", "rug"),
        ("gemeentebreed", "gemeentebreed"),
    ],
)
def test_labels_aliases_and_capitals_normalise_to_ids(vocabulary, written, expected) -> None:
    kind = "institution" if written in ("Hanze", "Rijksuniversiteit Groningen") else "neighbourhood"
    assert vocabulary.kind(kind).normalise(written) == expected


def test_misspelt_wijk_gets_did_you_mean(vocabulary) -> None:
    assert vocabulary.wijken.normalise("Padepoel") is None
    assert vocabulary.wijken.suggest("Padepoel")[0] == "paddepoel"


def test_broken_vocabulary_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "vocabulary.yml"
    broken.write_text("wijken:\n  - id: a\n    label: [unclosed\n", encoding="utf-8")
    with pytest.raises(WijsError) as caught:
        load_vocabulary(broken)
    assert caught.value.diagnostic.path == str(broken)
    assert caught.value.diagnostic.line >= 3


def test_missing_vocabulary_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(WijsError) as caught:
        load_vocabulary(tmp_path / "vocabulary.yml")
    assert caught.value.diagnostic.code == "vocabulary-missing"
    assert "vocabulary.yml" in caught.value.diagnostic.hint


def test_resolve_accepts_lists_and_commas_and_names_the_first_unknown(vocabulary) -> None:
    assert vocabulary.wijken.resolve(["Selwerd, Paddepoel-Noord", "selwerd"]) == [
        "selwerd",
        "paddepoel",
    ]
    with pytest.raises(WijsError) as caught:
        vocabulary.wijken.resolve(["selwerd", "Padepoel"])
    assert caught.value.code == "unknown-term"
    assert caught.value.message == "Onbekende wijk 'Padepoel'."
    assert "paddepoel" in caught.value.hint
