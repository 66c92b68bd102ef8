"""The privacy scan looks only at the lines that can hold personal data, and finds exactly what
a scan of every line finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wijs.checks import privacy_patterns as p
from wijs.checks.privacy_patterns import Match, find_all


def scan_everything(text: str, not_names: frozenset[str] = frozenset()) -> list[Match]:
    """The scan as it was: every pattern over the whole text."""
    found: list[Match] = []
    if "@" in text:
        found.extend(p.find_emails(text))
    if p._DIGIT.search(text):
        found.extend(p.find_phones(text))
        found.extend(p.find_bsns(text))
        found.extend(p.find_ibans(text))
        if p._POSTCODE_ONLY.search(text):
            found.extend(p.find_addresses(text))
        if any(stem in text.lower() for stem in p._BIRTH_STEMS):
            for m in p._BIRTHDATE.finditer(text):
                found.append(Match("birthdate", m.group(1), m.start(1)))
    if p._ROLE_WORD.search(text):
        seen: set[int] = set()
        for role in p._ROLE_ONLY.finditer(text):
            low = max(0, role.start() - p._WINDOW)
            if low:
                space = text.find(" ", low, role.start())
                low = space + 1 if space >= 0 else role.start()
            for match in p._names_in(text[low : role.end() + p._WINDOW], not_names):
                if match.start + low not in seen:
                    seen.add(match.start + low)
                    found.append(Match("name", match.value, match.start + low))
    kept: list[Match] = []
    for match in sorted(found, key=lambda m: p.PRIORITY.index(m.kind)):
        end = match.start + len(match.value)
        if not any(k.start < end and match.start < k.start + len(k.value) for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.kind))


_PIECES = st.sampled_from(
    [
        " ", "  ", "\n", "\r\n", ".", ",", "-", "(", ")", "/", ":", "+", "0", "1", "2", "5", "9",
        "06", "0031", "+31", "(0)", "050-367 12 34", "06-12345678", "111222333", "1112.22.333",
        "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "9741 AB", "9741AB", "12", "12a",
        "Hoofdstraat 12, ", "nr. ", "SA", "geboren op ", "Geb. ", "12-03-1950", "3 mei 1950",
        "1950-03-12", "gebruiken", "date of birth ", "bırth", "respondent ", "Respondente",
        "bewoner", "Bewoonster", "buurtbewoner", "geïnterviewde", "cliënte", "deelnemer",
        "participant", "Jan", "de Vries", "Jansen", "mevrouw ", "Selwerd", "(pseudoniem)",
        "isbn ", "€ ", "euro", "jan@wijs.nl", "@", "İ", "ı", "K", "ß", "x", "Anna", ", 72)",
    ]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
@example("Bel 06-12345678\nof mail jan@wijs.nl\nrespondent Jan de Vries (bewoner, 72)")
@example("9741AB12 en later\n9741 AB")
@example("İn Selwerd: geboren op 12-03-1950, bewoonster mevrouw Jansen")
def test_scanning_only_likely_lines_finds_what_scanning_every_line_finds(text):
    assert find_all(text) == scan_everything(text)
    assert find_all(text, frozenset({"selwerd"})) == scan_everything(text, frozenset({"selwerd"}))


def test_a_long_text_finds_every_kind_on_its_own_line():
    prose = "Bewoners van Selwerd gebruiken het buurthuis vaak (Jansen, 2019, p. 12).\n"
    text = (
        prose * 40
        + "Bel 06-12345678 voor een afspraak.\n"
        + prose * 40
        + "Rekening NL91 ABNA 0417 1643 00, adres 9741 AB 12.\n"
        + "Respondent Piet Bakker vertelt, geboren op 12-03-1950.\n"
    )
    kinds = [m.kind for m in find_all(text)]
    assert kinds == ["phone", "iban", "address", "name", "birthdate"]
    assert find_all(text) == scan_everything(text)
