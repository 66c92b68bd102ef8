"""Word (.docx) or OpenDocument (.odt) → research/<year>/<slug>/ with index.md, figures/ and
references.bib. Safe by construction: the folder is built next to its target and renamed into
place, so a failed import leaves nothing behind and an existing report is never overwritten
without ``force``."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from wijs.convert import messages
from wijs.convert.pandoc import run_pandoc
from wijs.convert.references import KeyMaker, bibtex
from wijs.convert.source import (
    IMPORT_REFUSED,
    CitationField,
    SourceDocument,
    inspect_document,
    person_name,
    refused,
)
from wijs.convert.tidy import Node, Tidy, cites_in_order, meta_list, meta_text, plain_text
from wijs.errors import WijsError
from wijs.images import RASTER_SUFFIXES, inspect_image, published_copy, too_many_pixels
from wijs.model import FIRST_YEAR
from wijs.vocabulary import Vocabulary

WEB_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
CONVERTIBLE_IMAGES = {".tif", ".tiff", ".bmp"}
MARKDOWN_FORMAT = "markdown_strict+pipe_tables+footnotes+citations"
REQUIRED = ("title", "authors", "institution", "level", "neighbourhood", "theme", "summary")

__all__ = ["IMPORT_REFUSED", "ImportOptions", "ImportResult", "import_document", "slugify"]


@dataclass
class ImportOptions:
    year: int | None = None
    slug: str | None = None
    neighbourhoods: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    force: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    # given in the submission form; they win over what the document says
    title: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, programme)
    summary: str = ""
    commissioner: str = ""
    consent: dict[str, Any] | None = None  # a whole consent block


@dataclass
class ImportResult:
    folder: Path  # research/<year>/<slug>
    missing: list[str]  # required front-matter fields still to fill in
    warnings: list[str]
    figures: int
    sources: int  # entries written to references.bib
    dating: list[str] = field(default_factory=list)  # where year and date came from

    @property
    def index(self) -> Path:
        return self.folder / "index.md"


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    slug = ""
    for word in words:  # at most ~60 characters, whole words
        if slug and len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def import_document(
    source: Path, research_dir: Path, vocabulary: Vocabulary, options: ImportOptions
) -> ImportResult:
    """Import ``source`` as a draft report; raises WijsError with reason and advice."""
    document = inspect_document(source)
    with tempfile.TemporaryDirectory(prefix="wijs-import-") as work:
        tree = _read_tree(document, Path(work))
        meta = tree.get("meta", {})
        fields = _front_matter(document, meta, vocabulary, options)
        folder = _target(
            source, research_dir, fields["year"], options.slug or _slug(fields, source)
        )
        if folder.exists() and not options.force:
            raise refused(
                source,
                messages.EXISTS.format(folder=_shown(folder, research_dir)),
                messages.EXISTS_ADVICE,
            )
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.import-", dir=folder.parent))
        try:
            result = _write(document, tree, fields, staging, folder)
            result.dating = fields["dating"]
            _swap_in(staging, folder)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            _remove_if_empty(folder.parent, research_dir)
            if isinstance(exc, OSError):
                raise refused(
                    source,
                    messages.WRITE_FAILED.format(error=exc),
                    messages.WRITE_FAILED_ADVICE,
                ) from exc
            raise
    return result


def _read_tree(document: SourceDocument, work: Path) -> dict[str, Any]:
    reader = "docx+citations" if document.kind == "docx" else "odt"
    try:
        out, _ = run_pandoc(
            [
                f"--from={reader}",
                "--to=json",
                "--track-changes=accept",
                f"--extract-media={work / 'media'}",
                str(document.path),
            ]
        )
        tree: dict[str, Any] = json.loads(out)
    except (WijsError, ValueError) as exc:
        raise refused(
            document.path, messages.PANDOC_FAILED.format(error=exc), messages.PANDOC_ADVICE
        ) from exc
    return tree


def _target(source: Path, research_dir: Path, year: int, slug: str) -> Path:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise refused(source, messages.BAD_SLUG.format(slug=slug), messages.BAD_SLUG_ADVICE)
    last = dt.date.today().year + 1
    if not FIRST_YEAR <= year <= last:
        raise refused(source, messages.BAD_YEAR.format(year=year), messages.BAD_YEAR_ADVICE)
    root = research_dir.resolve()
    folder = (root / str(year) / slug).resolve()
    if folder.parent.parent != root:
        raise refused(
            source, messages.OUTSIDE.format(research=research_dir), messages.OUTSIDE_ADVICE
        )
    return folder


def _shown(folder: Path, research_dir: Path) -> str:
    return f"{research_dir.as_posix().rstrip('/')}/{folder.parent.name}/{folder.name}"


def _slug(fields: dict[str, Any], source: Path) -> str:
    return slugify(fields["title"]) or slugify(source.stem) or "rapport"


def _normalised(values: list[str], vocabulary: Vocabulary, kind: str) -> list[str]:
    """Vocabulary ids where the value is known; anything else as given (check says why)."""
    terms = vocabulary.kind(kind)
    out: list[str] = []
    for value in values:
        term = terms.normalise(value) or value.strip()
        if term and term not in out:
            out.append(term)
    return out


def _from_keywords(keywords: list[str], vocabulary: Vocabulary, kind: str) -> list[str]:
    terms = vocabulary.kind(kind)
    found = [terms.normalise(k) for k in keywords]
    return list(dict.fromkeys(f for f in found if f))


def _front_matter(
    document: SourceDocument, meta: dict[str, Any], vocabulary: Vocabulary, options: ImportOptions
) -> dict[str, Any]:
    core = document.metadata
    title = meta_text(meta.get("title")) or core.title
    authors = [person_name(a) for a in meta_list(meta.get("author"))] or core.creators
    keywords = list(
        dict.fromkeys([*meta_list(meta.get("keywords")), *core.keywords, *_split(core.subject)])
    )
    year, date, dating = _dating(_parse_date(meta_text(meta.get("date"))), core.created, options)
    summary = options.summary or meta_text(meta.get("abstract")) or core.description
    given = [{"name": n, "programme": p} for n, p in options.authors if n]
    return {
        "title": options.title or title,
        "subtitle": meta_text(meta.get("subtitle")),
        "authors": given or [{"name": a, "programme": ""} for a in dict.fromkeys(authors) if a],
        "institutions": _normalised(options.institutions, vocabulary, "institution"),
        "levels": _normalised(options.levels, vocabulary, "level"),
        "year": year,
        "date": date.isoformat() if date else "",
        "dating": dating,
        "neighbourhoods": _normalised(options.neighbourhoods, vocabulary, "neighbourhood")
        or _from_keywords(keywords, vocabulary, "neighbourhood"),
        "themes": _normalised(options.themes, vocabulary, "theme")
        or _from_keywords(keywords, vocabulary, "theme"),
        "language": (meta_text(meta.get("lang")) or "nl").split("-")[0].lower() or "nl",
        "summary": " ".join(summary.split()),
        "keywords": keywords,
        "commissioner": options.commissioner,
        "consent": options.consent,
    }


def _split(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", value) if p.strip()]


def _dating(
    written: dt.date | None, created: dt.date | None, options: ImportOptions
) -> tuple[int, dt.date | None, list[str]]:
    """(year, date, what to tell the student about them). The year is --year or this year,
    never the document's: Word's creation date is often the template's, years off. A date is
    taken from the document (its text first, then its file properties) only when it is
    plausible: not in the future, in the report's year or the year before."""
    year = options.year or options.today.year
    told = [
        messages.YEAR_GIVEN.format(year=year)
        if options.year
        else messages.YEAR_TODAY.format(year=year)
    ]
    for found, source in ((written, messages.IN_TEXT), (created, messages.IN_PROPERTIES)):
        if found is None:
            continue
        if found <= options.today and year - 1 <= found.year <= year:
            told.append(messages.DATE_TAKEN.format(date=found.isoformat(), source=source))
            return year, found, told
        told.append(messages.DATE_IGNORED.format(date=found.isoformat(), source=source, year=year))
    if written is None and created is None:
        told.append(messages.DATE_NONE)
    return year, None, told


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for parse in (
        lambda t: dt.date.fromisoformat(t[:10]),
        lambda t: dt.datetime.strptime(t, "%B %d, %Y").date(),
        lambda t: dt.datetime.strptime(t, "%d-%m-%Y").date(),
    ):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def missing_fields(fields: dict[str, Any]) -> list[str]:
    names = {
        "institution": "institutions",
        "level": "levels",
        "neighbourhood": "neighbourhoods",
        "theme": "themes",
    }
    return [name for name in REQUIRED if not fields[names.get(name, name)]]


# -- writing -------------------------------------------------------------------------------


def _write(
    document: SourceDocument,
    tree: dict[str, Any],
    fields: dict[str, Any],
    staging: Path,
    folder: Path,
) -> ImportResult:
    warnings: list[str] = []
    if document.comments:
        warnings.append(messages.COMMENTS_DROPPED.format(count=document.comments))
    keys = KeyMaker()
    if not _rekey_citations(tree["blocks"], document, keys):
        warnings.append(messages.CITATIONS_KEPT_AS_TEXT)
    figures = _FigureMover(staging / "figures", warnings)
    tidy = Tidy(figures.move)
    tree["blocks"] = tidy.blocks(tree["blocks"])
    if figures.cleaned:
        warnings.append(
            messages.FIGURE_METADATA_REMOVED.format(
                count=len(figures.cleaned), names=", ".join(figures.cleaned)
            )
        )
    if figures.without_alt:
        warnings.append(messages.FIGURES_WITHOUT_ALT.format(figures=", ".join(figures.without_alt)))
    tree["meta"] = {}
    body = _markdown(tree, document.path)
    (staging / "index.md").write_text(
        _template().render(
            source_name=document.path.name,
            today=dt.date.today().isoformat(),
            body=body.strip() + "\n",
            **fields,
        ),
        encoding="utf-8",
    )
    if keys.items:
        (staging / "references.bib").write_text(bibtex(keys.items), encoding="utf-8")
        warnings.append(messages.CITATIONS_IMPORTED.format(count=len(keys.items)))
    return ImportResult(folder, missing_fields(fields), warnings, figures.count, len(keys.items))


def _markdown(tree: dict[str, Any], source: Path) -> str:
    data = json.dumps(tree, ensure_ascii=False).encode("utf-8")
    try:
        out, _ = run_pandoc(
            ["--from=json", f"--to={MARKDOWN_FORMAT}", "--wrap=auto", "--columns=100"],
            stdin=data,
        )
    except WijsError as exc:
        raise refused(
            source, messages.PANDOC_FAILED.format(error=exc), messages.PANDOC_ADVICE
        ) from exc
    return out.decode("utf-8")


def _rekey_citations(blocks: list[Node], document: SourceDocument, keys: KeyMaker) -> bool:
    """Give every Zotero/Mendeley citation a key from its own data; False: kept as text."""
    cites = cites_in_order(blocks)
    if not cites:
        return True
    body = [c for c, in_note in cites if not in_note]
    notes = [c for c, in_note in cites if in_note]
    if _aligned(body, document.body_citations) and _aligned(notes, document.note_citations):
        for cite, citation_field in zip(
            body + notes, document.body_citations + document.note_citations, strict=True
        ):
            for citation, item in zip(cite["c"][0], citation_field.items, strict=True):
                citation["citationId"] = keys.key(item)
        return True
    # fields we could not match one to one: keep what the reader sees, not wrong keys
    for cite, _ in cites:
        cite["t"], cite["c"] = "Span", [["", [], []], cite["c"][1]]
    return False


def _aligned(cites: list[Node], fields: list[CitationField]) -> bool:
    return len(cites) == len(fields) and all(
        len(cite["c"][0]) == len(f.items) for cite, f in zip(cites, fields, strict=True)
    )


class _FigureMover:
    """Copies each extracted image into figures/ as figuur-N.ext (web formats only), with only
    its pixels: location, camera and owner data never reach the repository. Word's alternative
    text (pandoc reads it into the image's description) stays with the image."""

    def __init__(self, folder: Path, warnings: list[str]) -> None:
        self.folder = folder
        self.warnings = warnings
        self.moved: dict[str, str | None] = {}
        self.count = 0
        self.cleaned: list[str] = []  # figures that carried location or owner data
        self.without_alt: list[str] = []  # figures/… that still need an alternative text

    def move(self, src: str, alt: str) -> str | None:
        if src in self.moved:
            return self.moved[src]
        path = Path(src)
        if re.match(r"^[a-z][a-z0-9+.-]*:", src) or not path.is_absolute():
            self.moved[src] = None if not src.startswith(("http://", "https://")) else src
            return self.moved[src]
        if not path.is_file():
            self.moved[src] = None
            return None
        suffix = path.suffix.lower()
        self.folder.mkdir(exist_ok=True)
        name = f"figuur-{self.count + 1}"
        if suffix in WEB_IMAGES:
            target = self.folder / f"{name}{'.jpg' if suffix == '.jpeg' else suffix}"
            target.write_bytes(path.read_bytes())  # cleaned by _strip below
        elif suffix in CONVERTIBLE_IMAGES and _to_png(path, self.folder / f"{name}.png"):
            target = self.folder / f"{name}.png"
        else:
            target = None
        if target is not None and target.suffix in RASTER_SUFFIXES:
            self._strip(target)
        if target is None:
            self.warnings.append(
                messages.IMAGE_DROPPED.format(name=path.name, kind=suffix.lstrip(".").upper())
            )
            self.moved[src] = None
            return None
        self.count += 1
        moved = self.moved[src] = f"figures/{target.name}"
        if not alt.strip():
            self.without_alt.append(moved)
        return moved

    def _strip(self, target: Path) -> None:
        """Rewrite the copy from its pixels when it carries anything else (the function the
        site publishes figures with); note it when that was location or owner data."""
        data = target.read_bytes()
        clean = published_copy(data)
        if clean is None or clean == data:
            return  # unreadable (the check says so) or only pixels already
        metadata = inspect_image(data)
        if metadata is not None and metadata.personal:
            self.cleaned.append(f"{target.name} ({', '.join(metadata.personal)})")
        target.write_bytes(clean)


def _to_png(source: Path, target: Path) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        if too_many_pixels(source.read_bytes()):
            return False  # decoding it could take gigabytes: dropped with the usual advice
        with Image.open(source) as image:
            image.save(target, "PNG")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return False
    return True


def _swap_in(staging: Path, folder: Path) -> None:
    os.chmod(staging, 0o755)
    if not folder.exists():
        staging.rename(folder)
        return
    old = folder.with_name(f".{folder.name}.oud-{os.getpid()}")
    folder.rename(old)
    try:
        staging.rename(folder)
    except OSError:
        old.rename(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_if_empty(folder: Path, research_dir: Path) -> None:
    if folder.resolve() != research_dir.resolve():
        with contextlib.suppress(OSError):
            folder.rmdir()


def _yaml_value(value: Any) -> str:
    # JSON is valid YAML, and quoting everything means no value can change meaning
    return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(
        loader=PackageLoader("wijs", "convert/templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["y"] = _yaml_value
    return env.get_template("index.md.j2")


__all__ += ["missing_fields", "plain_text"]
