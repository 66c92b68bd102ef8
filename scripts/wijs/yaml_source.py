"""Safe YAML for front-matter: plain data only, positions kept for every key and item.

Anchors and aliases are refused (no "billion laughs"), duplicate keys are reported, and every
value's line is remembered so a diagnostic can point at it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wijs.diagnostics import error
from wijs.errors import WijsError

Path_ = tuple[str | int, ...]


def yaml_problem(line: int, column: int, code: str, message: str, hint: str) -> WijsError:
    """A mistake in a YAML text at ``line`` and ``column`` (0-based, as PyYAML counts), as a
    WijsError without a file whose diagnostic is at the 1-based position within the text; the
    reader moves it to its line in the file (``wijs.reader.yaml_problem``)."""
    return WijsError([error("", line + 1, code, message, hint, column + 1)])


@dataclass
class YamlData:
    value: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON for a cache (dates tagged with a key YAML cannot hold): from_json()."""
        return {
            "value": _tagged(self.value),
            "positions": [[list(path), *at] for path, at in self.positions.items()],
            "duplicates": [list(duplicate) for duplicate in self.duplicates],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> YamlData:
        """What as_json() gave; KeyError, TypeError or ValueError when it is not that."""
        return cls(
            _untagged(data["value"]),
            {tuple(path): (int(line), int(column)) for path, line, column in data["positions"]},
            [(str(key), int(line), int(column)) for key, line, column in data["duplicates"]],
        )

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column (0-based, within the YAML text) of the deepest known part of path."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (0, 0))


#: JSON keys for dates in YamlData.as_json: a front-matter key never holds a control character
_DATE, _MOMENT = "\x00date", "\x00moment"


def _tagged(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _tagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    if isinstance(value, dt.datetime):
        return {_MOMENT: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and _DATE in value:
            return dt.date.fromisoformat(value[_DATE])
        if len(value) == 1 and _MOMENT in value:
            return dt.datetime.fromisoformat(value[_MOMENT])
        return {key: _untagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_untagged(item) for item in value]
    return value


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases at parse time."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml_problem(
                event.start_mark.line,
                event.start_mark.column,
                "yaml-alias",
                "YAML-verwijzingen (*alias) zijn niet toegestaan.",
                "Schrijf de waarde gewoon nog een keer uit in plaats van '*' en '&' te gebruiken.",
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml_problem(
                event.start_mark.line,
                event.start_mark.column,
                "yaml-alias",
                "YAML-ankers (&anker) zijn niet toegestaan.",
                "Haal het '&'-anker weg en schrijf waarden volledig uit.",
            )
        # refuse deep nesting while composing: PyYAML itself recurses and would crash first
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise yaml_problem(event.start_mark.line, event.start_mark.column, *_TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


MAX_DEPTH = 20
_TOO_DEEP = (
    "yaml-too-deep",
    f"De front-matter is dieper genest dan {MAX_DEPTH} niveaus.",
    "Maak de structuur platter; het rapportformaat kent maar een paar niveaus.",
)
#: plain data only: '!!python/…', '!!binary', '!custom' and friends are refused
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


_FastLoader: type = getattr(yaml, "CSafeLoader", _Loader)


def load_yaml(text: str) -> YamlData:
    """Parse text; raise WijsError (``yaml_problem``) for anything that is not plain data.

    libyaml composes the nodes (fast); an alias shows up as a node met twice, and is then
    located exactly by composing again with the pure-Python loader, which refuses it.
    """
    control = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if control:
        before = text[: control.start()]
        raise yaml_problem(
            before.count("\n"),
            control.start() - (before.rfind("\n") + 1),
            "control-character",
            f"De front-matter bevat een onzichtbaar stuurteken (U+{ord(control.group()):04X}).",
            "Typ de regel opnieuw of plak de tekst eerst in een gewone teksteditor; zulke tekens "
            "komen vaak mee bij kopiëren uit pdf's of Word.",
        )
    # most texts hold neither character: the quick test spares the pattern's slow scan
    suspect = ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text)
    loader = _Loader if suspect else _FastLoader
    try:
        node = _compose(loader, text)
        data = YamlData(None)
        if node is None:
            return data
        data.value = _convert(node, (), data, SafeConstructor(), 0, set())
        return data
    except _SharedNode:
        _compose(_Loader, text)  # raises the WijsError at the alias or anchor
        raise yaml_problem(
            0,
            0,
            "yaml-alias",
            "YAML-verwijzingen (*alias) zijn niet toegestaan.",
            "Schrijf de waarde gewoon nog een keer uit.",
        ) from None


def _compose(loader_class: type, text: str) -> Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    except WijsError:
        raise
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or ""
        line, column, message, hint = _syntax_problem(exc, text)
        if "nesting depth" in problem:
            # libyaml (PyYAML >= 6.0.3) limits nesting itself, before our composer sees it
            raise yaml_problem(line, column, *_TOO_DEEP) from exc
        raise yaml_problem(
            line, column, "yaml-syntax", f"De front-matter is geen geldige YAML: {message}", hint
        ) from exc
    except yaml.YAMLError as exc:
        raise yaml_problem(
            0,
            0,
            "yaml-syntax",
            "De front-matter is geen geldige YAML.",
            "Controleer inspringing, dubbele punten en aanhalingstekens.",
        ) from exc
    finally:
        loader.dispose()


_CONTEXT, _PROBLEM = "context", "problem"
_TAB_MESSAGE = "hier staat een tab; YAML springt alleen in met spaties."
_TAB_HINT = "Vervang de tab door spaties (steeds even veel per niveau)."
_CHECK_LINE = "Controleer inspringing, dubbele punten en aanhalingstekens op deze regel."
_COLON_HINT = (
    "Staat er een dubbele punt in een waarde? Zet de waarde dan tussen aanhalingstekens, "
    'bijvoorbeeld title: "Eenzaamheid: een verkenning".'
)
_QUOTE_HINT = 'Zet de hele waarde tussen aanhalingstekens, bijvoorbeeld title: "*Nieuw* onderzoek".'
_INDENT_HINT = (
    "Controleer de inspringing: gebruik spaties (geen tabs), steeds even veel per niveau. "
    "Staat er tekst na een afsluitend aanhalingsteken, zet dan de hele waarde tussen "
    "aanhalingstekens."
)
#: The common problems in the words of PyYAML and of libyaml (they differ), in Dutch: which
#: mark is where the mistake starts, the message and the hint. The first match counts. An
#: unclosed quote or bracket is only noticed where the text ends, a key without a colon on
#: the line after it: for those YAML's context mark (the opening quote, bracket or key) is
#: where the student must look; for the others the problem mark is.
_SYNTAX: tuple[tuple[str, str, str, str], ...] = (
    (
        "expected ',' or ']'",
        _CONTEXT,
        "de lijst die hier met '[' begint, is niet goed afgesloten.",
        "Sluit de lijst op dezelfde regel af met ']' en zet komma's tussen de waarden, "
        "bijvoorbeeld theme: [eenzaamheid, ouderen].",
    ),
    (
        "expected ',' or '}'",
        _CONTEXT,
        "het blok dat hier met '{' begint, is niet goed afgesloten.",
        "Sluit het blok af met '}' en zet komma's tussen de delen, bijvoorbeeld "
        "review: {by: dr. M. Bakker, date: 2024-06-20}.",
    ),
    (
        "unexpected document",
        _CONTEXT,
        "het aanhalingsteken dat hier begint, is nog niet gesloten bij een regel '---' of '...'.",
        "Zet aan het eind van de waarde hetzelfde aanhalingsteken (\" of ') als aan het begin.",
    ),
    (
        "end of stream",
        _CONTEXT,
        "het aanhalingsteken dat hier begint, wordt nergens gesloten.",
        "Zet aan het eind van de waarde hetzelfde aanhalingsteken (\" of ') als aan het begin. "
        "Een ' binnen '...' schrijf je als ''.",
    ),
    (
        "could not find expected ':'",
        _CONTEXT,
        "deze regel is geen 'naam: waarde' (er ontbreekt een dubbele punt).",
        "Schrijf 'naam: waarde'. Hoort de tekst bij de waarde op de regel erboven, spring hem "
        "dan in met spaties of zet de hele waarde tussen aanhalingstekens.",
    ),
    (
        "mapping values are not allowed",
        _PROBLEM,
        "hier staat een dubbele punt die YAML als begin van een nieuw veld leest.",
        _COLON_HINT,
    ),
    (
        "unexpected ':'",
        _PROBLEM,
        "hier staat een dubbele punt die YAML niet verwacht.",
        _COLON_HINT,
    ),
    ("tab", _PROBLEM, _TAB_MESSAGE, _TAB_HINT),
    (
        "cannot start any token",
        _PROBLEM,
        "een waarde mag niet met dit teken beginnen (zoals @, ` of %).",
        'Zet de hele waarde tussen aanhalingstekens, bijvoorbeeld title: "@WIJS in de wijk".',
    ),
    (
        "escape",
        _PROBLEM,
        "een backslash (\\) tussen dubbele aanhalingstekens wordt hier niet begrepen.",
        "Zet de waarde tussen enkele aanhalingstekens ('...'), of schrijf de backslash dubbel.",
    ),
    (
        "sequence entries are not allowed",
        _PROBLEM,
        "hier begint een lijst ('-') op een plek waar dat niet kan.",
        "Zet de lijst onder het veld, elke waarde op een eigen regel die met spaties is "
        "ingesprongen en met '- ' begint.",
    ),
    (
        "mapping keys are not allowed",
        _PROBLEM,
        "een '?' aan het begin van een waarde heeft in YAML een eigen betekenis.",
        _QUOTE_HINT,
    ),
    (
        "block scalar",
        _PROBLEM,
        "na '|' of '>' hoort de tekst op de volgende regels te beginnen.",
        "Zet de tekst op de regels eronder, ingesprongen met spaties, of zet de hele waarde "
        "tussen aanhalingstekens.",
    ),
    (
        "document",
        _PROBLEM,
        "hier staat tekst die niet meer bij de velden hoort.",
        "Schrijf elk veld als 'naam: waarde' op een eigen regel; haal losse tekens als '}' of "
        "']' en een tweede '---' weg.",
    ),
    (
        "alias",
        _PROBLEM,
        "een '*' aan het begin van een waarde is in YAML een verwijzing.",
        _QUOTE_HINT,
    ),
    ("anchor", _PROBLEM, "een '&' aan het begin van een waarde is in YAML een anker.", _QUOTE_HINT),
    ("tag", _PROBLEM, "een '!' aan het begin van een waarde is in YAML een tag.", _QUOTE_HINT),
    ("'-' indicator", _PROBLEM, "dit deel van de lijst is niet goed ingesprongen.", _INDENT_HINT),
    ("<block end>", _PROBLEM, "de inspringing of de tekst klopt hier niet.", _INDENT_HINT),
    ("expected key", _PROBLEM, "de inspringing of de tekst klopt hier niet.", _INDENT_HINT),
    (
        "node content",
        _PROBLEM,
        "hier ontbreekt een waarde.",
        "Vul de waarde in, of zet de hele waarde tussen aanhalingstekens.",
    ),
    (
        "directive",
        _CONTEXT,
        "een regel mag niet met '%' beginnen.",
        'Zet de waarde tussen aanhalingstekens, bijvoorbeeld title: "%-regeling in de wijk".',
    ),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str, str]:
    """0-based line and column, message and hint for a YAML syntax error, in Dutch."""
    problem = exc.problem or ""
    found = f"{exc.context or ''} {problem}"
    mark_kind, message, hint = _PROBLEM, "de tekst klopt hier niet.", _CHECK_LINE
    for words, kind, dutch, advice in _SYNTAX:
        if words in found:
            mark_kind, message, hint = kind, dutch, advice
            break
    mark = exc.context_mark if mark_kind == _CONTEXT else exc.problem_mark
    mark = mark or exc.problem_mark or exc.context_mark
    if mark is None:
        return 0, 0, message, hint
    lines = text.split("\n")
    at = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
    if "cannot start any token" in problem and at == "\t":
        # libyaml does not say which character it found: a tab is the common one
        message, hint = _TAB_MESSAGE, _TAB_HINT
    return mark.line, mark.column, message, hint


# "&name" or "*name" where YAML would read an anchor or alias; prose such as "WIJ & gemeente"
# does not match. Matching texts take the pure-Python loader, which points at the exact spot.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][A-Za-z0-9_]", re.MULTILINE)


class _SharedNode(Exception):
    """A node reached twice: the text used an alias."""


def _convert(
    node: Node,
    path: Path_,
    data: YamlData,
    constructor: SafeConstructor,
    depth: int,
    seen: set[int],
) -> Any:
    if depth > MAX_DEPTH:
        raise yaml_problem(node.start_mark.line, node.start_mark.column, *_TOO_DEEP)
    if node.tag not in _PLAIN_TAGS:
        raise yaml_problem(
            node.start_mark.line,
            node.start_mark.column,
            "yaml-tag",
            f"De waarde gebruikt een YAML-tag ({node.tag}) die niet is toegestaan.",
            "Haal het woord dat met '!' begint weg, of zet de hele waarde tussen aanhalingstekens.",
        )
    if id(node) in seen:
        raise _SharedNode
    seen.add(id(node))
    data.positions[path] = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node, constructor) if isinstance(key_node, ScalarNode) else "?")
            if key in result:
                data.duplicates.append((key, key_node.start_mark.line, key_node.start_mark.column))
            child = (*path, key)
            result[key] = _convert(value_node, child, data, constructor, depth + 1, seen)
            # a key's line is where the key stands, which is where people look
            data.positions[child] = (key_node.start_mark.line, key_node.start_mark.column)
            if isinstance(value_node, MappingNode | SequenceNode):
                data.positions[(*child, "")] = (
                    value_node.start_mark.line,
                    value_node.start_mark.column,
                )
        return result
    if isinstance(node, SequenceNode):
        return [
            _convert(item, (*path, index), data, constructor, depth + 1, seen)
            for index, item in enumerate(node.value)
        ]
    assert isinstance(node, ScalarNode)
    return _scalar(node, constructor)


_STR = "tag:yaml.org,2002:str"


def _scalar(node: ScalarNode, constructor: SafeConstructor) -> Any:
    if node.tag == _STR:
        return node.value  # what the constructor gives for a string, without its bookkeeping
    try:
        return constructor.construct_object(node)
    except (ValueError, OverflowError):
        # 2024-02-30 looks like a date and 5,000 digits like a number, but neither is one:
        # the text as written goes on, and the model says what is wrong with it, on its line
        return node.value
    except yaml.YAMLError as exc:
        # '!foo' or '!!python/...': a tag the safe loader does not know; never executed
        raise yaml_problem(
            node.start_mark.line,
            node.start_mark.column,
            "yaml-tag",
            f"De waarde gebruikt een YAML-tag ({node.tag}) die niet is toegestaan.",
            "Haal het woord dat met '!' begint weg, of zet de hele waarde tussen aanhalingstekens.",
        ) from exc


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, read by libyaml when it is there (the same data, about ten times
    faster: 0.1 s for the vocabulary of a large bank). A text libyaml refuses, or one with a
    control character, is read by the pure-Python loader, so problems are reported as before."""
    if _FastLoader is not _Loader and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)
