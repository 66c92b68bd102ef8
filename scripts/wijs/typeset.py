"""Markdown → PDF (pandoc → Typst) and Markdown → DOCX (pandoc), for downloads and overviews.

pandoc comes from pypandoc-binary and Typst from the typst package: no system installs, no
LaTeX. Nothing is written next to the source: Typst compiles from memory with the report
folder as its root (so figures/ resolve and nothing outside it can be read).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typst

from wijs.convert.pandoc import PandocFailed, run_pandoc
from wijs.convert.tidy import walk

READER = "markdown-markdown_in_html_blocks"
#: Every PDF is tagged for screen readers and archival: PDF/UA-1 and PDF/A-2a, which Typst checks
#: while compiling (a document without title, or a figure without alternative text, fails).
PDF_STANDARDS: list[Any] = ["a-2a", "ua-1"]
#: Gives each image its alternative text in the Typst source (pandoc's writer leaves it out).
ALT_FILTER = Path(__file__).parent / "convert" / "templates" / "typst-alt.lua"
#: The country a language is written in here, for the PDF's language tag (nl-NL, not nl-US).
REGIONS = {"nl": "NL"}
#: Makes the text's top headings level 1 (run before citeproc adds its level-1 references).
HEADINGS_FILTER = Path(__file__).parent / "convert" / "templates" / "headings.lua"


class TypesetError(Exception):
    """pandoc or Typst could not produce the document."""


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
    except PandocFailed as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
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
    with tempfile.TemporaryDirectory(prefix="wijs-typst-") as empty:
        root = resource_dir or Path(empty)
        try:
            pdf = typst.compile(  # type: ignore[type-var]
                source.encode("utf-8"), root=str(root), pdf_standards=PDF_STANDARDS
            )
        except Exception as exc:  # typst raises its own error types
            raise TypesetError(f"Typst: {exc}") from exc
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
    except PandocFailed as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
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
    except PandocFailed as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
    tree: dict[str, Any] = json.loads(out)
    return tree


def ast_to_pdf(
    tree: dict[str, Any],
    output: Path,
    *,
    resource_dir: Path,
    template: Path | None = None,
    language: str = "nl",
) -> Path:
    """Typeset a pandoc tree to PDF with Typst; figures resolve inside resource_dir only."""
    args = ["--from=json", "--to=typst", "--standalone", "-V", f"lang={language}"]
    args.append(f"--lua-filter={ALT_FILTER}")
    if template is not None:
        args.append(f"--template={template}")
    # citations were resolved already: keep their text, not Typst's own #cite
    tree = walk(
        tree, lambda n: {"t": "Span", "c": [["", [], []], n["c"][1]]} if n["t"] == "Cite" else n
    )
    try:
        out, _ = run_pandoc(args, stdin=json.dumps(tree).encode("utf-8"), cwd=resource_dir)
        pdf = typst.compile(  # type: ignore[type-var]
            out, root=str(resource_dir), pdf_standards=PDF_STANDARDS
        )
    except PandocFailed as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
    except Exception as exc:  # typst raises its own error types
        raise TypesetError(f"Typst: {exc}") from exc
    _write_atomically(output, pdf if isinstance(pdf, bytes) else bytes(pdf))
    return output


def ast_to_docx(tree: dict[str, Any], output: Path, *, resource_dir: Path) -> Path:
    """A Word document of a pandoc tree (images embedded from resource_dir)."""
    args = ["--from=json", "--to=docx", "--output=-", f"--resource-path={resource_dir}"]
    try:
        out, _ = run_pandoc(args, stdin=json.dumps(tree).encode("utf-8"), cwd=resource_dir)
    except PandocFailed as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
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
