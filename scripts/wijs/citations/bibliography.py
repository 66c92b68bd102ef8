"""Reading a report's references.bib with pybtex: entries, the line of each entry, and every
problem (syntax errors, duplicate keys) as a value with its line in the .bib. Cached by content
hash, so an unchanged file is parsed once per process."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from wijs.citations.diskcache import DiskCache
from wijs.citations.labels import MESSAGES
from wijs.citations.quickbib import quick_entries
from wijs.limits import MB, Limits

BIB_FILE = "references.bib"

# '@article{key,' — where each entry starts (comments and @string/@preamble are skipped)
_ENTRY_START = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>[A-Za-z]+)[ \t]*[{(][ \t]*(?P<key>[^,\s{}()]*)", re.M
)
_NOT_ENTRIES = {"string", "preamble", "comment"}


@dataclass(frozen=True)
class BibProblem:
    """A problem in the .bib file itself, at a 1-based line of that file."""

    line: int
    code: str
    message: str
    hint: str
    is_error: bool = True


@dataclass(frozen=True)
class EntryInfo:
    """What the checks need to know of an entry, without pybtex's full data."""

    key: str  # as written in the .bib
    type: str
    crossref: str = ""


@dataclass
class Bibliography:
    """A parsed .bib: keys, their lines and problems (small, cached on disk), and the full
    pybtex data, parsed again only when references must be formatted."""

    lines: dict[str, int]  # lower-cased key → line of its first definition
    problems: tuple[BibProblem, ...]
    digest: str
    order: tuple[str, ...]  # keys as written, in file order
    entries: dict[str, EntryInfo]  # lower-cased key → entry
    text: str = field(repr=False)
    _data: BibliographyData | None = field(default=None, repr=False, compare=False)
    #: over a limit (problems says which): not read, so citations to it cannot be checked
    refused: bool = False

    @property
    def data(self) -> BibliographyData:
        if self._data is None:
            self._data = parse_data(self.text)[0]
        return self._data

    def get(self, key: str) -> EntryInfo | None:
        """The entry for a cited key; like BibTeX, keys are case-insensitive."""
        return self.entries.get(key.lower())

    def line_of(self, key: str) -> int:
        return self.lines.get(key.lower(), 1)

    @property
    def keys(self) -> list[str]:
        return list(self.order)

    def to_json(self) -> dict[str, object]:
        """What the disk cache keeps (not the text, which the reader has, nor pybtex's data)."""
        return {
            "lines": self.lines,
            "problems": [dataclasses.asdict(p) for p in self.problems],
            "digest": self.digest,
            "order": list(self.order),
            "entries": {k: [e.key, e.type, e.crossref] for k, e in self.entries.items()},
        }

    @classmethod
    def from_json(cls, data: object, text: str) -> Bibliography | None:
        """Read back what ``to_json`` wrote; None when the cache file is not that."""
        try:
            assert isinstance(data, dict)
            return cls(
                {str(k): int(v) for k, v in data["lines"].items()},
                tuple(BibProblem(**p) for p in data["problems"]),
                str(data["digest"]),
                tuple(str(k) for k in data["order"]),
                {str(k): EntryInfo(*map(str, v)) for k, v in data["entries"].items()},
                text,
            )
        except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
            return None


class _CollectingParser(Parser):
    """pybtex's BibTeX parser that collects problems instead of raising or printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.collected: list[PybtexError] = []

    def handle_error(self, error: PybtexError) -> None:
        self.collected.append(error)

    def process_entry(self, entry_type: str, key: str | None, fields: object) -> None:
        # duplicates are reported from the source scan, with both lines; keep the first
        if key is not None and key in self.data.entries:
            return
        super().process_entry(entry_type, key, fields)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse_bibliography(text: str, disk: DiskCache | None = None) -> Bibliography:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = _CACHE.get(digest)
    if found is not None:
        _CACHE.move_to_end(digest)
        return found
    cached = disk.get("bib", digest) if disk is not None else None
    result = Bibliography.from_json(cached, text) if cached is not None else None
    if result is None or result.digest != digest:
        result = _parse(text, digest)
        # a quick reading is cheaper than the cache file; only pybtex's work is kept
        if disk is not None and result._data is not None:
            disk.put("bib", digest, result.to_json())
    _CACHE[digest] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


_CACHE: OrderedDict[str, Bibliography] = OrderedDict()
_CACHE_SIZE = 256  # parsed .bib files are large; see report._CACHE_SIZE


def parse_data(text: str) -> tuple[BibliographyData, list[PybtexError]]:
    """pybtex's full reading of a .bib: its data and every problem it found."""
    parser = _CollectingParser()
    # pybtex reports some problems (bad names, crossrefs) through a global hook: capture them
    with pybtex.errors.capture() as captured:
        try:
            data = parser.parse_string(text)
        except PybtexError as exc:  # pragma: no cover - the parser collects, but be safe
            parser.collected.append(exc)
            data = parser.data
    return data, [*parser.collected, *captured]


def _parse(text: str, digest: str) -> Bibliography:
    problems: list[BibProblem] = []
    lines: dict[str, int] = {}
    order: list[str] = []
    for match in _ENTRY_START.finditer(text):
        if match.group("type").lower() in _NOT_ENTRIES or not match.group("key"):
            continue
        key = match.group("key")
        line = _line_at(text, match.start())
        if key.lower() in lines:
            problems.append(
                BibProblem(
                    line,
                    "bib-duplicate-key",
                    MESSAGES["duplicate_key"].format(key=key, first=lines[key.lower()]),
                    MESSAGES["duplicate_key_hint"],
                )
            )
            continue
        lines[key.lower()] = line
        order.append(key)
    data: BibliographyData | None = None
    known = _quick_infos(text)
    if known is None:  # not plain enough for the quick reading: pybtex decides
        data, errors = parse_data(text)
        problems += [_problem(error, text) for error in errors]
        known = {
            key.lower(): EntryInfo(entry.key, entry.type, entry.fields.get("crossref", ""))
            for key, entry in data.entries.items()
        }
    # keys the scan found but the parser did not keep (broken entries) are not known
    order = [k for k in order if k.lower() in known]
    entries = {key.lower(): known[key.lower()] for key in order}
    return Bibliography(lines, tuple(problems), digest, tuple(order), entries, text, data)


def _quick_infos(text: str) -> dict[str, EntryInfo] | None:
    quick = quick_entries(text)
    if quick is None:
        return None
    return {key: EntryInfo(entry.key, entry.type) for key, entry in quick.items()}


def _problem(error: PybtexError, text: str) -> BibProblem:
    if isinstance(error, PybtexSyntaxError):
        detail = str(PybtexError.__str__(error))
        return BibProblem(
            error.lineno or 1,
            "bib-syntax",
            MESSAGES["syntax"].format(detail=detail),
            MESSAGES["syntax_hint"],
        )
    message = str(error)
    line = 1
    # attach a problem with a named entry to that entry's line
    key_match = re.search(r"key (\S+)|entry (\S+)|: (\S+)$", message)
    if key_match:
        key = next(g for g in key_match.groups() if g).strip("\"'")
        found = re.search(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)
        if found:
            line = _line_at(text, found.start())
    return BibProblem(
        line, "bib-entry", MESSAGES["entry_problem"].format(detail=message), "", is_error=False
    )


def load_bibliography(
    path: Path, disk: DiskCache | None = None, limits: Limits | None = None
) -> Bibliography | None:
    """The .bib at ``path``, or None when there is none. Never raises for bad content.
    A file over the size or entry limits is not parsed: a refused Bibliography says why."""
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        if size > limits.bib_bytes:
            message = MESSAGES["too_large"].format(size=size / MB, limit=limits.bib_mb)
            return _refused(message)
        raw = path.read_bytes()
    except OSError:
        return None
    text = raw.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    count = sum(
        1 for m in _ENTRY_START.finditer(text) if m.group("type").lower() not in _NOT_ENTRIES
    )
    if count > limits.bib_entries:
        return _refused(MESSAGES["too_many"].format(count=count, limit=limits.bib_entries))
    bibliography = parse_bibliography(text, disk)
    if b"\xef\xbf\xbd" not in raw and "\ufffd" in text:
        problem = BibProblem(
            _line_at(text, text.index("\ufffd")),
            "bib-encoding",
            MESSAGES["encoding"],
            MESSAGES["encoding_hint"],
        )
        return dataclasses.replace(bibliography, problems=(problem, *bibliography.problems))
    return bibliography


def _refused(message: str) -> Bibliography:
    problem = BibProblem(1, "bib-too-large", message, MESSAGES["too_large_hint"])
    return Bibliography({}, (problem,), "", (), {}, "", refused=True)
