"""Markdown → PDF (pandoc → Typst) and Markdown → DOCX (pandoc), for downloads and overviews.

pandoc comes from pypandoc-binary and Typst from the typst package: no system installs, no
LaTeX. Nothing is written next to the source. A report is untrusted: pandoc reads it without
raw blocks (no ```{=typst} or ```{=openxml} reaches Typst or Word), and pandoc and Typst see
only a :func:`workspace`, a temporary copy of the files the report may publish, as their
folder and Typst's root (so no symlink, .git/config, index.md or confidential file is readable).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typst

from wijs.convert.pandoc import run_pandoc
from wijs.convert.tidy import walk
from wijs.errors import WijsError
from wijs.images import RASTER_SUFFIXES, published_copy
from wijs.model import Report
from wijs.rights.confidential import published_files

#: Raw HTML stays (pdf.lua turns HTML tables into tables; writers drop the rest), raw blocks
#: for other formats and raw TeX do not: they would be code in the PDF or the DOCX.
#: Attachments that a report's body may show as an image (the rest is never typeset).
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
READER = "markdown-markdown_in_html_blocks-raw_attribute-raw_tex"
RAW_NODES = ("RawBlock", "RawInline")
#: Every PDF is tagged for screen readers and archival: PDF/UA-1 and PDF/A-2a, which Typst checks
#: while compiling (a document without title, or a figure without alternative text, fails).
PDF_STANDARDS: list[Any] = ["a-2a", "ua-1"]
#: Gives each image its alternative text in the Typst source (pandoc's writer leaves it out).
ALT_FILTER = Path(__file__).parent / "convert" / "templates" / "typst-alt.lua"
#: The country a language is written in here, for the PDF's language tag (nl-NL, not nl-US).
REGIONS = {"nl": "NL"}
#: Makes the text's top headings level 1 (run before citeproc adds its level-1 references).
HEADINGS_FILTER = Path(__file__).parent / "convert" / "templates" / "headings.lua"


@contextmanager
def workspace(folder: Path | None = None, files: Iterable[Path] = ()) -> Iterator[Path]:
    """A new temporary folder with copies of ``files`` (regular files inside ``folder``) at
    their paths relative to ``folder``: the only files pandoc and Typst get to see. A symlink,
    or a file reached through one, is left out."""
    with tempfile.TemporaryDirectory(prefix="wijs-typeset-") as name:
        root = Path(name)
        if folder is not None:
            real_folder = Path(os.path.realpath(folder))
            for path in files:
                relative = Path(os.path.relpath(path, folder))
                if relative.parts[:1] == ("..",) or path.is_symlink():
                    continue
                if Path(os.path.realpath(path)) != real_folder / relative:
                    continue  # a symlinked folder on the way
                if not path.is_file():
                    continue
                target = root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    _copy_no_follow(path, target)
                except OSError:
                    continue
                if target.suffix.lower() in RASTER_SUFFIXES:
                    # the PDF and DOCX embed the same plain copy the site publishes: no EXIF
                    # location or owner data reaches a download
                    cleaned = published_copy(target.read_bytes())
                    if cleaned is None:
                        target.unlink()  # unreadable or too large: the check refuses it
                    else:
                        target.write_bytes(cleaned)
        yield root


def _copy_no_follow(source: Path, target: Path) -> None:
    handle = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out)


def safe_tree(tree: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The pandoc tree without raw blocks and inlines (Typst or OpenXML code, HTML, TeX), and
    with every image that is not a file in ``folder`` (an absolute path, ``..``, a URL, an
    image inside an HTML table that pdf.lua did not see) replaced by its description."""
    real_folder = os.path.realpath(folder)

    def local(src: str) -> bool:
        if not src or src.startswith(("/", "\\")) or ":" in src or ".." in src.split("/"):
            return False
        path = os.path.realpath(os.path.join(real_folder, src))
        return path.startswith(real_folder + os.sep) and os.path.isfile(path)

    def visit(node: dict[str, Any]) -> Any:
        if node["t"] in RAW_NODES:
            return None
        if node["t"] == "Image" and not local(str(node["c"][2][0])):
            return {"t": "Emph", "c": node["c"][1]}
        return node

    result: dict[str, Any] = walk(tree, visit)
    return result


def _metadata_args(metadata: dict[str, Any]) -> list[str]:
    args = []
    for key, value in metadata.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            args += ["-M", f"{key}={item}"]
    return args


def _common_args(
    metadata: dict[str, Any] | None,
    resource_dir: Path | None,
    bibliography: Path | None,
    csl: Path | None,
    filters: Sequence[Path],
) -> list[str]:
    args = ["--standalone", *_metadata_args(metadata or {})]
    if resource_dir is not None:
        args.append(f"--resource-path={resource_dir}")
    for lua in (HEADINGS_FILTER, *filters):
        args.append(f"--lua-filter={lua}")
    if bibliography is not None:
        args += ["--citeproc", f"--bibliography={bibliography}"]
        if csl is not None:
            args.append(f"--csl={csl}")
    return args


def markdown_to_typst(
    markdown: str,
    *,
    metadata: dict[str, Any] | None = None,
    resource_dir: Path | None = None,
    language: str = "nl",
    template: Path | None = None,
    bibliography: Path | None = None,
    csl: Path | None = None,
    filters: Sequence[Path] = (),
) -> str:
    """The Typst source pandoc makes of ``markdown`` (run inside resource_dir)."""
    args = [f"--from={READER}", "--to=typst", "-V", f"lang={language}"]
    if language in REGIONS:  # pandoc's template would say en-US of every language otherwise
        args += ["-V", f"region={REGIONS[language]}"]
    args += _common_args(metadata, resource_dir, bibliography, csl, [*filters, ALT_FILTER])
    if template is not None:
        args.append(f"--template={template}")
    try:
        out, _ = run_pandoc(args, stdin=markdown.encode("utf-8"), cwd=resource_dir)
    except WijsError as exc:
        raise WijsError.one("typeset", f"pandoc: {exc}") from exc
    return out.decode("utf-8")


def markdown_to_pdf(
    markdown: str,
    output: Path,
    *,
    metadata: dict[str, Any] | None = None,
    resource_dir: Path | None = None,
    language: str = "nl",
    template: Path | None = None,
    bibliography: Path | None = None,
    csl: Path | None = None,
    filters: Sequence[Path] = (),
) -> Path:
    """Typeset Markdown to a PDF at ``output`` (page numbers, figures from resource_dir)."""
    # PDF/UA requires a title: without one in the metadata, the file's name (as viewers show)
    metadata = {"title": output.stem, **(metadata or {})}
    source = markdown_to_typst(
        markdown,
        metadata=metadata,
        resource_dir=resource_dir,
        language=language,
        template=template,
        bibliography=bibliography,
        csl=csl,
        filters=filters,
    )
    with workspace() as empty:
        root = resource_dir or empty
        try:
            pdf = typst.compile(  # type: ignore[type-var]
                source.encode("utf-8"), root=str(root), pdf_standards=PDF_STANDARDS
            )
        except Exception as exc:  # typst raises its own error types
            raise WijsError.one("typeset", f"Typst: {exc}") from exc
    _write_atomically(output, pdf if isinstance(pdf, bytes) else bytes(pdf))
    return output


def markdown_to_docx(
    markdown: str,
    output: Path,
    *,
    metadata: dict[str, Any] | None = None,
    resource_dir: Path | None = None,
    language: str = "nl",
    bibliography: Path | None = None,
    csl: Path | None = None,
    filters: Sequence[Path] = (),
) -> Path:
    """Convert Markdown to a Word document at ``output``."""
    args = [f"--from={READER}", "--to=docx", "-M", f"lang={language}", "--output=-"]
    args += _common_args(metadata, resource_dir, bibliography, csl, filters)
    try:
        out, _ = run_pandoc(args, stdin=markdown.encode("utf-8"), cwd=resource_dir)
    except WijsError as exc:
        raise WijsError.one("typeset", f"pandoc: {exc}") from exc
    _write_atomically(output, out)
    return output


# -- one citeproc pass, two outputs: Markdown → pandoc AST (JSON) → Typst/PDF and DOCX ------


def markdown_to_ast(
    markdown: str,
    *,
    resource_dir: Path | None = None,
    language: str = "nl",
    bibliography: Path | None = None,
    csl: Path | None = None,
    filters: Sequence[Path] = (),
) -> dict[str, Any]:
    """pandoc's document tree of ``markdown``, citations already resolved (run once, write
    many: citeproc is the slowest step)."""
    args = [f"--from={READER}", "--to=json", "-M", f"lang={language}"]
    args += _common_args(None, resource_dir, bibliography, csl, filters)
    try:
        out, _ = run_pandoc(args, stdin=markdown.encode("utf-8"), cwd=resource_dir)
    except WijsError as exc:
        raise WijsError.one("typeset", f"pandoc: {exc}") from exc
    tree: dict[str, Any] = json.loads(out)
    # the citations are resolved; the paths of the .bib and style files on this machine must
    # not travel on (a Word document lists every metadata field among its properties)
    for key in ("bibliography", "csl"):
        tree.get("meta", {}).pop(key, None)
    return tree


def ast_to_pdf(
    tree: dict[str, Any],
    output: Path,
    *,
    resource_dir: Path,
    template: Path | None = None,
    language: str = "nl",
) -> Path:
    """Typeset a pandoc tree to PDF with Typst; figures resolve inside resource_dir (a
    :func:`workspace`) only."""
    args = ["--from=json", "--to=typst", "--standalone", "-V", f"lang={language}"]
    args.append(f"--lua-filter={ALT_FILTER}")
    if template is not None:
        args.append(f"--template={template}")
    # citations were resolved already: keep their text, not Typst's own #cite
    tree = walk(
        safe_tree(tree, resource_dir),
        lambda n: {"t": "Span", "c": [["", [], []], n["c"][1]]} if n["t"] == "Cite" else n,
    )
    try:
        out, _ = run_pandoc(args, stdin=json.dumps(tree).encode("utf-8"), cwd=resource_dir)
        pdf = typst.compile(  # type: ignore[type-var]
            out, root=str(resource_dir), pdf_standards=PDF_STANDARDS
        )
    except WijsError as exc:
        raise WijsError.one("typeset", f"pandoc: {exc}") from exc
    except Exception as exc:  # typst raises its own error types
        raise WijsError.one("typeset", f"Typst: {exc}") from exc
    _write_atomically(output, pdf if isinstance(pdf, bytes) else bytes(pdf))
    return output


def ast_to_docx(tree: dict[str, Any], output: Path, *, resource_dir: Path) -> Path:
    """A Word document of a pandoc tree (images embedded from resource_dir, a
    :func:`workspace`)."""
    args = ["--from=json", "--to=docx", "--output=-", f"--resource-path={resource_dir}"]
    data = json.dumps(safe_tree(tree, resource_dir)).encode("utf-8")
    try:
        out, _ = run_pandoc(args, stdin=data, cwd=resource_dir)
    except WijsError as exc:
        raise WijsError.one("typeset", f"pandoc: {exc}") from exc
    _write_atomically(output, out)
    return output


def _write_atomically(output: Path, data: bytes) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        os.chmod(name, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(name, output)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def typeset_files(report: Report) -> list[Path]:
    """The files pandoc and Typst may see of a report: references.bib, the published figures
    and the published image attachments. Never index.md (confidential blocks), a confidential
    or hidden file, or anything reached through a symlink."""
    bib = report.folder / "references.bib"
    files = [bib] if bib.is_file() and not bib.is_symlink() else []
    files += published_files(report, "figures")
    files += [
        path
        for path in published_files(report, "attachments")
        if path.suffix.lower() in IMAGE_SUFFIXES
    ]
    return files
