"""LaTeX in BibTeX fields (accents, escapes, braces, \\emph…) turned into plain Unicode text, or
into CSL-JSON's rich text: italics as <i>, {protected} words as <span class="nocase">, and an
English Title Case title in the sentence case APA wants."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# combining marks for LaTeX accent commands
ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}
SYMBOLS = {
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "BibTeX": "BibTeX",
    "slash": "/",
    "hyphen": "-",
    "textendash": "–",
    "textemdash": "—",
    "dots": "…",
    "ldots": "…",
    "textellipsis": "…",
    "euro": "€",
    "texteuro": "€",
    "pounds": "£",
    "textregistered": "®",
    "copyright": "©",
    "textcopyright": "©",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textdegree": "°",
    "space": " ",
    "quad": " ",
    "qquad": " ",
    "newline": " ",
    "par": " ",
    "nobreakspace": "\u00a0",
    "textbullet": "•",
    "textperiodcentered": "·",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
}
ITALIC_COMMANDS = {"emph", "textit", "mkbibemph", "textsl", "mkbibitalic"}
ITALIC_SWITCHES = {"em", "it", "itshape", "sl", "slshape"}
QUOTE_COMMANDS = {"mkbibquote", "enquote", "enquote*"}
# commands whose argument is never printed
DROPPED_ARGUMENT = {
    "index",
    "label",
    "footnote",
    "mkbibfootnote",
    "cite",
    "ref",
    "hspace",
    "vspace",
}

_TOKEN = re.compile(
    r"\\(?P<word>[A-Za-z]+\*?)[ \t\n]*"
    r"|\\(?P<symbol>[^A-Za-z])"
    r"|(?P<special>[{}$~])"
    r"|(?P<dash>-{2,3})"
    r"|(?P<quote>``|'')"
    r"|(?P<text>[^\\{}$~\-`']+|[-`'])",
    re.S,
)

Node = tuple[str, object]  # ("text", str) | ("em" | "quote" | "group", list[Node])


def _accent(base: str, mark: str) -> str:
    if not base:
        return ""
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + mark) + base[1:]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup or "text"
            self.tokens.append((kind, match.group(kind)))
        self.position = 0

    def _next(self) -> tuple[str, str] | None:
        if self.position >= len(self.tokens):
            return None
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def argument(self) -> list[Node]:
        """The next group {…}, or the next single character."""
        token = self._peek()
        if token is None:
            return []
        kind, value = token
        if kind == "special" and value == "{":
            self.position += 1
            return self.group(closing=True)
        if kind == "text":
            # take one character; leave the rest of the text for later
            if len(value) > 1:
                self.tokens[self.position] = ("text", value[1:])
            else:
                self.position += 1
            return [("text", value[0])]
        if kind in ("word", "symbol"):
            self.position += 1
            return self._command(kind, value, closing=False) or []
        return []

    def argument_text(self) -> str:
        return plain(self.argument())

    def group(self, closing: bool) -> list[Node]:
        out: list[Node] = []
        while True:
            token = self._next()
            if token is None:
                return out
            kind, value = token
            if kind == "special":
                if value == "}":
                    if closing:
                        return out
                elif value == "{":
                    out.append(("group", self.group(closing=True)))
                elif value == "~":
                    out.append(("text", "\u00a0"))
                # '$' (math) is dropped; its content stays
            elif kind == "dash":
                out.append(("text", "–" if len(value) == 2 else "—"))
            elif kind == "quote":
                out.append(("text", "“" if value == "``" else "”"))
            elif kind == "text":
                out.append(("text", value))
            elif kind == "word" and value in ITALIC_SWITCHES:
                # {\em text}: italic up to the end of the group
                out.append(("em", self.group(closing=closing)))
                return out
            else:
                node = self._command(kind, value, closing)
                if node:
                    out.extend(node)

    def _command(self, kind: str, value: str, closing: bool) -> list[Node] | None:
        if kind == "symbol":
            if value in ACCENTS:
                return [("text", _accent(self.argument_text(), ACCENTS[value]))]
            if value in "&%$#_{}":
                return [("text", value)]
            if value in " \n\t\\":
                return [("text", " ")]
            if value == ",":
                return [("text", "\u202f")]
            if value in "-/@":
                return None
            return [("text", value)]
        if value in ACCENTS and len(value) == 1:
            return [("text", _accent(self.argument_text(), ACCENTS[value]))]
        if value in SYMBOLS:
            return [("text", SYMBOLS[value])]
        if value in ITALIC_COMMANDS:
            return [("em", self.argument())]
        if value in QUOTE_COMMANDS:
            return [("quote", self.argument())]
        if value == "href":
            self.argument()
            return [("group", self.argument())]
        following = self._peek()
        takes_argument = following is not None and following == ("special", "{")
        if value in DROPPED_ARGUMENT:
            if takes_argument:
                self.argument()
            return None
        if takes_argument:
            # \textbf{x}, \textsc{x}, \url{x}, \autocap{x}…: keep the argument's text
            return [("group", self.argument())]
        return None  # \protect, \relax and other commands without text


def plain(nodes: list[Node]) -> str:
    parts: list[str] = []
    for kind, value in nodes:
        if kind == "text":
            parts.append(str(value))
        elif kind == "quote":
            parts.append("“" + plain(value) + "”")  # type: ignore[arg-type]
        else:
            parts.append(plain(value))  # type: ignore[arg-type]
    return "".join(parts)


def _csl(nodes: list[Node], top: bool) -> str:
    parts: list[str] = []
    for kind, value in nodes:
        if kind == "text":
            # as written: pandoc reads CSL-JSON strings as text with a few tags, not entities
            parts.append(str(value))
        elif kind == "em":
            parts.append("<i>" + _csl(value, False) + "</i>")  # type: ignore[arg-type]
        elif kind == "quote":
            parts.append("“" + _csl(value, False) + "”")  # type: ignore[arg-type]
        elif top and _protects(value):  # type: ignore[arg-type]
            # {Protected} at the top level: its capitals stay whatever the style does
            parts.append('<span class="nocase">' + _csl(value, False) + "</span>")  # type: ignore[arg-type]
        else:
            parts.append(_csl(value, False))  # type: ignore[arg-type]
    return "".join(parts)


def _protects(nodes: list[Node]) -> bool:
    """{NATO} and {G}roningen protect capitals; {\\'e} only wraps an accent."""
    text = plain(nodes)
    return len(text) > 1 or text.isupper()


_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[:?!.]\s+)$")


def _is_title_case(nodes: list[Node]) -> bool:
    """Most longer words (outside braces) start with a capital: 'The Social Life of Cities'."""
    words = [w for kind, v in nodes if kind == "text" for w in _WORD.findall(str(v))]
    long = [w for w in words if len(w) > 3]
    capitals = [w for w in long if w[0].isupper()]
    return len(long) >= 2 and len(capitals) * 3 >= len(long) * 2


def _sentence_case(nodes: list[Node]) -> list[Node]:
    """Lower-case the capitalised words of unprotected text, except where a sentence starts
    (the start, after ':', '?', '!' or '.'); all-capital words (acronyms) stay."""
    out: list[Node] = []
    written = ""
    for kind, value in nodes:
        if kind != "text":
            out.append((kind, value))
            written += plain([(kind, value)]) or "x"
            continue
        text = str(value)

        def lower(match: re.Match[str], text: str = text, written: str = written) -> str:
            word = match.group(0)
            before = written + text[: match.start()]
            if _SENTENCE_START.search(before) or not word[0].isupper() or len(word) == 1:
                return word  # a sentence starts, already lower case, or an initial (U.S.)
            if any(c.isupper() for c in word[1:]):
                return word  # NATO, iPhone, McDonald
            return word[0].lower() + word[1:]

        changed = _WORD.sub(lower, text)
        out.append(("text", changed))
        written += changed
    return out


@lru_cache(maxsize=65536)
def to_csl(latex: str, sentence_case: bool = False) -> str:
    """CSL-JSON rich text: 'The {NATO} \\emph{Report}' → 'The <span class="nocase">NATO</span>
    <i>Report</i>'; with ``sentence_case`` a Title Case title becomes sentence case."""
    nodes = list(_parse(latex))
    if sentence_case and _is_title_case(nodes):
        nodes = _sentence_case(nodes)
    return _SPACES.sub(" ", _csl(nodes, True)).strip()


_SPACES = re.compile(r"[ \t\r\n]+")


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[Node, ...]:
    return tuple(_Parser(_SPACES.sub(" ", text)).group(closing=False))


@lru_cache(maxsize=65536)
def to_text(latex: str) -> str:
    """'Ren{\\'e} \\& co' → 'René & co'."""
    return _SPACES.sub(" ", plain(list(_parse(latex)))).strip()
