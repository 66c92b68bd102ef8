"""Recognising personal data in a line of text: e-mail, phone, BSN, IBAN, address, birth date,
names of respondents. Each detector checks what a regular expression cannot (11-proef, IBAN
check digits, context words) so ordinary numbers and words are not flagged.

Every pattern is linear (no nested quantifiers over the same characters), so a line of a
megabyte is scanned in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    kind: str  # email, phone, bsn, iban, address, birthdate, name
    value: str  # the text as it stands
    start: int  # 0-based column in the line
    length: int = -1  # of the text it stands for, when not that of value (see reader_text)

    @property
    def end(self) -> int:
        return self.start + (self.length if self.length >= 0 else len(self.value))


# -- scanning only the lines that can hold a match ------------------------------------------------
#
# No pattern below matches a line break, so a match lies within one line. A detector given
# ``spans`` (whole lines, each with its line break) runs its pattern only there, on the full
# text: what a pattern or a detector sees before and after a match is exactly what it sees in a
# scan of the whole text, and a line without a span holds no match. A gate is a cheap pattern
# that every match contains, so the lines it finds are the only ones worth scanning.

Spans = Sequence[tuple[int, int]]


def _line_spans(text: str, positions: Iterator[int]) -> list[tuple[int, int]]:
    """The whole lines (with their line break) around ascending ``positions``."""
    spans: list[tuple[int, int]] = []
    for position in positions:
        if spans and position < spans[-1][1]:
            continue
        end = text.find("\n", position)
        spans.append((text.rfind("\n", 0, position) + 1, len(text) if end < 0 else end + 1))
    return spans


def gated_lines(text: str, gate: re.Pattern[str]) -> list[tuple[int, int]]:
    """The lines in which ``gate`` matches; a gate never matches a line break."""
    return _line_spans(text, (hit.start() for hit in gate.finditer(text)))


def _finditer(pattern: re.Pattern[str], text: str, spans: Spans | None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, restricted to ``spans`` when given."""
    if spans is None:
        yield from pattern.finditer(text)
        return
    for start, end in spans:
        yield from pattern.finditer(text, start, end)


# -- e-mail ---------------------------------------------------------------------------------

# searched from each '@' outwards: a pattern that starts anywhere would try every word
_EMAIL_LOCAL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}$")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}(?![\w-])")


def find_emails(line: str) -> Iterator[Match]:
    position = line.find("@")
    while position >= 0:
        domain = _EMAIL_DOMAIN.match(line, position + 1)
        if domain:
            local = _EMAIL_LOCAL.search(line, max(0, position - 64), position)
            if local:
                value = line[local.start() : domain.end()].rstrip(".")
                yield Match("email", value, local.start())
        position = line.find("@", position + 1)


# -- Dutch phone numbers ----------------------------------------------------------------------

# a candidate: an international or national prefix, then digits with single spaces, dashes,
# dots or parentheses between them; the digits decide
_PHONE = re.compile(
    r"(?<![\w/.+@-])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?|\(0|0)\d(?:[ .\-()]{0,2}\d){7,11}(?![\w-])"
)
_DATE_LIKE = re.compile(r"^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_NOT_PHONE_BEFORE = re.compile(r"(isbn|issn|doi|kvk|nr\.?|nummer|€|eur)[\s:=.{]*$", re.I)


def canonical_phone(text: str) -> str | None:
    """'+31 6 1234 5678' → '0612345678'; None when it is not a Dutch phone number."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and text.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):  # the '(0)' after +31
        digits = digits[1:]
    if len(digits) != 10 or not digits.startswith("0") or digits[1] == "0":
        return None
    return digits


def find_phones(line: str, spans: Spans | None = None) -> Iterator[Match]:
    for m in _finditer(_PHONE, line, spans):
        text = m.group(0).rstrip(" .-(")
        if _DATE_LIKE.match(text) or _NOT_PHONE_BEFORE.search(
            line[max(0, m.start() - 12) : m.start()]
        ):
            continue
        if canonical_phone(text) is not None:
            yield Match("phone", text, m.start())


# -- BSN ----------------------------------------------------------------------------------------

# nine digits, or groups of them with dots, spaces or dashes between ('111.222.333', '1112-22-333')
_BSN = re.compile(
    r"(?<![\w.,/€$-])"
    r"(?:\d{9}|\d{4}[. -]\d{2}[. -]\d{3}|\d{3}[. -]\d{3}[. -]\d{3}"
    r"|\d{3}[. -]\d{2}[. -]\d{2}[. -]\d{2}"
    # or split once anywhere by a dot or a dash ('1112.22333'): the digits are counted below
    r"|\d{1,8}[.-]\d{1,8})"
    r"(?![\w]|[.,-]\d)"
)


def passes_11_proef(digits: str) -> bool:
    """The BSN check: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


_NOT_BSN_BEFORE = re.compile(r"(isbn|issn|doi|€|eur)[\s:=.{]*$", re.I)


def find_bsns(line: str, spans: Spans | None = None) -> Iterator[Match]:
    for m in _finditer(_BSN, line, spans):
        before = line[max(0, m.start() - 12) : m.start()]
        after = line[m.end() : m.end() + 8].lower()
        if _NOT_BSN_BEFORE.search(before) or after.lstrip().startswith(("euro", "eur", "€")):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) == 9 and passes_11_proef(digits):
            yield Match("bsn", m.group(0), m.start())


# -- IBAN -----------------------------------------------------------------------------------

# groups of four with a space, a dot or a dash between them, or nothing
_IBAN = re.compile(
    r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]{4}){2,7}(?:[ .-]?[A-Za-z0-9]{1,3})?(?!\w)"
)
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "LU": 20}


def iban_is_valid(text: str) -> bool:
    iban = re.sub(r"[\s.-]", "", text).upper()
    if not 15 <= len(iban) <= 34 or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    if _IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def find_ibans(line: str, spans: Spans | None = None) -> Iterator[Match]:
    for m in _finditer(_IBAN, line, spans):
        if iban_is_valid(m.group(0)):
            yield Match("iban", m.group(0), m.start())


# -- postcode plus house number -----------------------------------------------------------------

# '9741 AB', '9741AB', and in lower case only when written together ('9741ab'): '2019 en 12'
# is not an address
_POSTCODE = r"[1-9]\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})"
_HOUSE_NUMBER = r"\d{1,5}(?: ?[a-zA-Z](?![a-zA-Z]))?(?:[ -]?(?:bis|hs|[A-Z]|\d{1,3}))?"
# postcode then house number: '9741 AB 12', '9741AB, 12a'
_POSTCODE_THEN_NUMBER = re.compile(
    rf"(?<![\w])({_POSTCODE}),? {{0,2}}(?:nr\.? ?)?{_HOUSE_NUMBER}(?![\w])"
)
# street and number, then postcode: 'Hoofdstraat 12, 9741 AB Groningen'
_STREET_THEN_POSTCODE = re.compile(
    rf"(?<![\w])[A-Z][\w'.-]{{1,40}} {{1,2}}\d{{1,5}}(?: ?[a-zA-Z](?![a-zA-Z]))?"
    rf",? {{1,2}}{_POSTCODE}(?![\w])"
)


_POSTCODE_ONLY = re.compile(rf"(?<![\w]){_POSTCODE}(?![\w])")


def find_addresses(line: str, spans: Spans | None = None) -> Iterator[Match]:
    # the matches of one pattern never overlap and come in order; a postcode-first match is
    # left out when a street-first match starts inside it (found by a binary search)
    streets: list[int] = []
    for m in _finditer(_STREET_THEN_POSTCODE, line, spans):
        streets.append(m.start())
        yield Match("address", m.group(0), m.start())
    for m in _finditer(_POSTCODE_THEN_NUMBER, line, spans):
        index = bisect_left(streets, m.start())
        if index < len(streets) and streets[index] < m.end():
            continue
        yield Match("address", m.group(0), m.start())


# -- dates of birth -------------------------------------------------------------------------------

_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|may|"
    r"june|july|october)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}} {_MONTHS} (?:19|20)\d{{2}})"
)
_BIRTH_WORD = (
    r"(?:geboren|geb\.|geboortedatum|geboortedag|verjaardag|date of birth|born|d\.o\.b\.|dob)"
)
# the date may follow a few words later, digits included: 'geboortedatum respondent 4: 12-03-1950'
_BIRTHDATE = re.compile(rf"\b{_BIRTH_WORD}[^\n]{{0,30}}?(?<!\d)({_DATE})(?!\d)", re.I)


_BIRTH_STEMS = ("geb", "verjaardag", "birth", "born", "dob", "d.o.b")


#: every match holds one of these in the lower-cased text: the birth words in lower case ('date
#: of b' as re.I also takes 'ı' for the i of birth); no other letter of them has a look-alike
_BIRTH_WORDS_LOWER = (
    "geboren", "geb.", "geboortedatum", "geboortedag", "verjaardag", "date of b", "born",
    "d.o.b.", "dob",
)  # fmt: skip


def find_birthdates(line: str) -> Iterator[Match]:
    lowered = line.lower()
    if not any(stem in lowered for stem in _BIRTH_STEMS):
        return
    if not any(word in lowered for word in _BIRTH_WORDS_LOWER):
        return  # e.g. 'gebruiken': a stem, but no birth word
    for m in _BIRTHDATE.finditer(line):
        yield Match("birthdate", m.group(1), m.start(1))


# -- names next to words for respondents -----------------------------------------------------------

_ROLE_WORDS = (
    "respondente?", "bewoonster", "bewoner", "geïnterviewde", "geinterviewde", "deelneemster",
    "deelnemer", "cliënte?", "cliente?", "interviewee", "participant", "informant",
    "buurtbewoonster", "buurtbewoner", "buurman", "buurvrouw", "mantelzorger", "mantelzorgster",
)  # fmt: skip
_ROLE = "(?:" + "|".join(_ROLE_WORDS) + ")"
_TITLE = r"(?:mevrouw|meneer|mevr\.|mw\.|dhr\.|de heer|mr\.|mrs\.|ms\.)"
_PARTICLE = r"(?:van der|van den|van de|van|de|der|den|ter|te|el|al|ten)"


def _letter_class(first: bool) -> str:
    """A character class of letters in every script: for the first letter of a name the capitals
    and the letters of scripts without case (Arabic, Hebrew, …), after it the small letters,
    those without case and the combining marks."""
    chars = []
    # the alphabets up to U+2FFF one by one, then kana, CJK and Hangul (no case) as blocks
    for code in range(0x41, 0x3000):
        char = chr(code)
        caseless = char.isalpha() and not char.isupper() and not char.islower()
        if first:
            take = char.isupper() or char.istitle() or caseless
        else:
            take = char.islower() or caseless or unicodedata.category(char) in ("Mn", "Mc")
        if take:
            chars.append(code)
    ranges = []
    start = previous = chars[0]
    for code in chars[1:]:
        if code != previous + 1:
            ranges.append((start, previous))
            start = code
        previous = code
    ranges.append((start, previous))
    ranges += [(0x3041, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3)]
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_CAPITAL = _letter_class(first=True)
_SMALL = _letter_class(first=False)
# a capital (or a letter of a script without case) and small letters: 'Jan', 'Özlem', 'Yılmaz',
# 'أحمد'
_NAME_WORD = rf"[{_CAPITAL}][{_SMALL}]+(?:-[{_CAPITAL}][{_SMALL}]+)?"
_NAME = rf"{_NAME_WORD}(?: (?:{_PARTICLE} )?{_NAME_WORD}){{0,2}}"
# 'respondent Jan de Vries', 'bewoonster mevrouw Jansen', 'bewoner: Piet'
_ROLE_THEN_NAME = re.compile(
    rf"\b(?i:{_ROLE})(?: {{1,2}}|: ?|, ?)(?:(?i:{_TITLE}) )?({_NAME})(?![\w\d])"
)
# 'respondent 3 (Jan de Vries)', 'bewoner B (mevrouw Jansen)'
_ROLE_LABEL_THEN_NAME = re.compile(
    rf"\b(?i:{_ROLE}) {{1,2}}(?:\d{{1,3}}|[A-Z])\b ?\( ?(?:(?i:{_TITLE}) )?({_NAME}) ?[),;]"
)
# 'Jan de Vries (bewoner, 72)', 'mevrouw Jansen, respondente'
_NAME_THEN_ROLE = re.compile(
    rf"(?:\b(?i:{_TITLE}) )?({_NAME}) ?(?:\(|, ?)(?i:een |de )?(?i:{_ROLE})\b"
)
_PSEUDONYM = re.compile(r"pseudoniem|gefingeerd|fictie|niet haar echte|niet zijn echte", re.I)

#: Capitalised words after a role word that are not names
NOT_NAMES = frozenset(
    {
        "de",
        "het",
        "een",
        "die",
        "dat",
        "deze",
        "in",
        "op",
        "uit",
        "van",
        "voor",
        "met",
        "ook",
        "zegt",
        "vertelt",
        "noemt",
        "geeft",
        "vindt",
        "merkt",
        "wil",
        "is",
        "was",
        "had",
        "heeft",
        "and",
        "the",
        "says",
        "ik",
        "wij",
        "we",
        "zij",
        "hij",
        "ze",
        "nederland",
        "groningen",
        # what stands in brackets after 'respondent 3' when it is not a name
        "man",
        "vrouw",
        "moeder",
        "vader",
        "jongen",
        "meisje",
        "student",
        "studente",
        "oudere",
        "jongere",
        "weduwe",
        "weduwnaar",
        "zie",
        "bijlage",
        "anoniem",
        "interview",
        "focusgroep",
    }
)


# -- a person where an organisation is expected (who asks a question of the vraagbank) -------

_PERSON = re.compile(rf"(?:(?i:{_TITLE}) )?({_NAME})")
_STARTS_WITH_TITLE = re.compile(rf"(?i:{_TITLE})\s+[{_CAPITAL}]")
#: words (and endings of words) that make a name an organisation's: 'WIJ Selwerd',
#: 'Bewonersinitiatief De Hoogte', 'Stichting Present', 'Digital Literacy Coalition'
ORGANISATION_WORDS = frozenset(
    "wij wijs team gemeente stichting vereniging school college hogeschool universiteit "
    "university bibliotheek centrum voedselbank kerk moskee coalition lab living "
    "initiatief organisatie platform programma afdeling gebiedsteam project netwerk collectief "
    "coöperatie cooperatie raad commissie fonds bedrijf werkplaats academie opleiding club "
    "groep bank huis forum sterker samen wijkteam bewoners buurt dorp wijk stad".split()
)
ORGANISATION_ENDINGS = (
    "huis", "school", "team", "raad", "vereniging", "initiatief", "organisatie", "bedrijf",
    "centrum", "lab", "stichting", "college", "werkplaats", "platform", "netwerk", "commissie",
    "coalitie", "bank", "groep", "club", "kerk", "bureau", "winkel", "restaurant", "punt",
    "werk", "zorg", "hulp", "jeugd", "welzijn", "wonen", "hof",
)  # fmt: skip
#: a name that starts with an article is an organisation's ('De Zonnebloem', 'Het Floreshuis'):
#: a person asking writes a given name first
_ARTICLE_FIRST = re.compile(r"^(?:De|Het|'t)\s")


def looks_like_person(text: str, places: frozenset[str] = frozenset()) -> bool:
    """Whether a name where an organisation or team is expected is a private person's: 'Jan de
    Vries', 'mevrouw Jansen', 'Fatima El Amrani'; not 'WIJ Selwerd', 'Floreshuis' or 'Gemeente
    Groningen'. ``places`` are wijken and stadsdelen in lower case (a place makes it a team's
    name). One capitalised word alone ('Floreshuis', 'Present') counts as an organisation."""
    cleaned = " ".join(text.split())
    if _STARTS_WITH_TITLE.match(cleaned):
        return True
    if not _PERSON.fullmatch(cleaned) or " " not in cleaned or _ARTICLE_FIRST.match(cleaned):
        return False
    words = [w.casefold() for w in re.split(r"[\s-]+", cleaned)]
    return not any(
        w in ORGANISATION_WORDS or w.endswith(ORGANISATION_ENDINGS) or w in places or w in NOT_NAMES
        for w in words
        if w not in _PARTICLE_WORDS
    )


_PARTICLE_WORDS = frozenset(("van", "der", "den", "de", "ter", "te", "el", "al", "ten"))


def _first_word(name: str) -> str:
    return name.split(" ")[0].split("-")[0]


def _too_weak(name: str) -> bool:
    """One word in a script without capitals (Arabic, Hebrew, CJK, …): nothing marks it as a
    name rather than any word of that language; a first and a last name are a name."""
    return not name[:1].isupper() and " " not in name


def _pseudonym_follows(line: str, end: int) -> bool:
    """'Anna (pseudoniem)': the student says the name is not real."""
    after = re.split(r"[.!?](?:\s|$)|\n", line[end : end + 60], maxsplit=1)[0]
    return _PSEUDONYM.search(after) is not None


# case-sensitive with both first letters: much faster than (?i:...) over long texts
_ROLE_ONLY = re.compile(
    r"\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _ROLE_WORDS) + r")\b"
)
_WINDOW = 90  # characters around a role word in which a name is looked for


#: what every role word holds as written: the word after its first letter ('espondent')
_ROLE_TAILS = tuple(word.replace("e?", "")[1:] for word in _ROLE_WORDS)


def _roles(text: str) -> Iterator[re.Match[str]]:
    """``_ROLE_ONLY.finditer(text)``, tried only one letter before each role word's tail: every
    match starts there, and the first that matches after the previous match is the next one."""
    starts: set[int] = set()
    for tail in _ROLE_TAILS:
        found = text.find(tail, 1)
        while found >= 0:
            starts.add(found - 1)
            found = text.find(tail, found + 1)
    end = 0
    for start in sorted(starts):
        if start >= end and (role := _ROLE_ONLY.match(text, start)) is not None:
            end = role.end()
            yield role


def find_names(text: str, not_names: frozenset[str] = frozenset()) -> Iterator[Match]:
    """Names next to a role word; only the text around each role word is searched."""
    seen: set[int] = set()
    for role in _roles(text):
        low = max(0, role.start() - _WINDOW)
        if low:
            # start the window at a word boundary, not halfway a name
            space = text.find(" ", low, role.start())
            low = space + 1 if space >= 0 else role.start()
        window = text[low : role.end() + _WINDOW]
        for match in _names_in(window, not_names):
            start = match.start + low
            if start not in seen:
                seen.add(start)
                yield Match("name", match.value, start)


def _names_in(line: str, not_names: frozenset[str]) -> Iterator[Match]:
    excluded = NOT_NAMES | not_names
    seen: set[int] = set()
    for m in _ROLE_THEN_NAME.finditer(line):
        name = m.group(1)
        if _first_word(name).casefold() in excluded or name.casefold() in excluded:
            continue
        if _too_weak(name):
            continue
        if _pseudonym_follows(line, m.end()):
            continue
        seen.add(m.start(1))
        yield Match("name", name, m.start(1))
    for m in _ROLE_LABEL_THEN_NAME.finditer(line):
        name = m.group(1)
        if m.start(1) in seen or _first_word(name).casefold() in excluded:
            continue
        if name.casefold() in excluded or _pseudonym_follows(line, m.end()) or _too_weak(name):
            continue
        seen.add(m.start(1))
        yield Match("name", name, m.start(1))
    for m in _NAME_THEN_ROLE.finditer(line):
        name = m.group(1)
        if m.start(1) in seen:
            continue
        titled = m.start(1) > m.start()
        # a single capitalised word before a role ('Selwerd, bewoners') is too weak a sign
        # unless a title stands before it ('mevrouw Jansen, bewoonster')
        if (" " not in name and not titled) or _too_weak(name):
            continue
        if any(w.casefold() in excluded for w in name.split(" ") if w[:1].isupper()):
            continue
        if _pseudonym_follows(line, m.end()):
            continue
        yield Match("name", name, m.start(1))


Detector = Callable[[str], Iterator[Match]]
DETECTORS: dict[str, Detector] = {
    "email": find_emails,
    "phone": find_phones,
    "bsn": find_bsns,
    "iban": find_ibans,
    "address": find_addresses,
    "birthdate": find_birthdates,
}


#: when two findings overlap, the first kind in this order wins (an IBAN holds digits that
#: look like a phone number, a phone number can pass the 11-proef)
PRIORITY = ("email", "iban", "phone", "bsn", "address", "birthdate", "name")


#: a line without a digit, an '@' or a word for a respondent holds nothing to find
_DIGIT = re.compile(r"\d")
_ROLE_WORD = re.compile(
    r"respondent|bewo|interview|deelne|cli[eë]nt|participant|informant|buurman|buurvrouw|"
    r"mantelzorg",
    re.IGNORECASE,
)


def may_hold_personal_data(text: str) -> bool:
    """A quick test that lets most lines of prose skip the detectors."""
    return "@" in text or _DIGIT.search(text) is not None or _ROLE_WORD.search(text) is not None


#: gates (see gated_lines): nine digits at most two separators apart are in every phone number
#: and BSN; two digits and eight letters or digits in every IBAN; a postcode in every address
_NUMBER_GATE = re.compile(r"\d(?:[ .\-()]{0,2}\d){7}")
_IBAN_GATE = re.compile(r"\d\d(?:[ .-]?[A-Za-z0-9]{4}){2}")
_POSTCODE_GATE = re.compile(r"[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})")


def _has_postcode(text: str) -> bool:
    """``_POSTCODE_ONLY.search(text)``, tried only where the gate matches: a postcode starts
    after a non-word character, and the only one in a gate match is its space, before letters.
    (A gate match that is not a postcode, '2019ab', still starts where a postcode could.)"""
    return any(_POSTCODE_ONLY.match(text, hit.start()) for hit in _POSTCODE_GATE.finditer(text))


def find_all(line: str, not_names: frozenset[str] = frozenset()) -> list[Match]:
    """Every kind of personal data in one line, left to right, overlaps removed."""
    found: list[Match] = []
    if "@" in line:
        found.extend(find_emails(line))
    if _DIGIT.search(line):
        numbers = gated_lines(line, _NUMBER_GATE)
        if numbers:
            found.extend(find_phones(line, numbers))
            found.extend(find_bsns(line, numbers))
        ibans = gated_lines(line, _IBAN_GATE)
        if ibans:
            found.extend(find_ibans(line, ibans))
        if _has_postcode(line):
            found.extend(find_addresses(line, gated_lines(line, _POSTCODE_GATE)))
        found.extend(find_birthdates(line))
    # names: find_names looks for role words itself, quicker than a test first
    found.extend(find_names(line, not_names))
    return without_overlaps(found)


def without_overlaps(found: list[Match]) -> list[Match]:
    """The matches that overlap no match found before them in the order of PRIORITY (then in
    the order found), left to right. Linear in the number of matches (less a sort): the kept
    matches never overlap, so one binary search tells whether a new one overlaps any."""
    by_kind: dict[str, list[Match]] = {}
    for match in found:
        by_kind.setdefault(match.kind, []).append(match)
    kept: list[Match] = []  # never overlapping, so their ends ascend with their starts
    starts: list[int] = []
    ends: list[int] = []
    for kind in PRIORITY:
        new: list[Match] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        for match in by_kind.get(kind, ()):
            start, end = match.start, match.end
            if overlaps(starts, ends, start, end) or overlaps(new_starts, new_ends, start, end):
                continue
            at = bisect_left(new_starts, start)  # almost always the end: matches come in order
            new.insert(at, match)
            new_starts.insert(at, start)
            new_ends.insert(at, end)
        if new:
            kept = sorted(kept + new, key=lambda m: m.start)
            starts = [m.start for m in kept]
            ends = [m.end for m in kept]
    return sorted(kept, key=lambda m: (m.start, m.kind))


def overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the disjoint spans, sorted by start."""
    index = bisect_left(starts, end) - 1  # the last span that starts before ``end``
    return index >= 0 and ends[index] > start


def canonical(kind: str, value: str) -> str:
    """The form in which a finding and an exception are compared."""
    if kind == "phone":
        return canonical_phone(value) or re.sub(r"\D", "", value)
    if kind in ("bsn", "iban"):
        return re.sub(r"[\s.]", "", value).upper()
    if kind == "address":
        return re.sub(r"[\s,]", "", value).upper()
    return " ".join(value.split()).casefold()
