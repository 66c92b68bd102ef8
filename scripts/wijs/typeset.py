"""Markdown → PDF (pandoc → Typst) and Markdown → DOCX (pandoc), for downloads and overviews.

pandoc comes from pypandoc-binary and Typst from the typst package: no system installs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pypandoc
import typst


class TypesetError(Exception):
    """pandoc or Typst could not produce the document."""


def _metadata_args(metadata: dict[str, Any]) -> list[str]:
    args = []
    for key, value in metadata.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            args += ["-M", f"{key}={item}"]
    return args


def markdown_to_pdf(
    markdown: str,
    output: Path,
    *,
    metadata: dict[str, Any] | None = None,
    resource_dir: Path | None = None,
    language: str = "nl",
    template: Path | None = None,
) -> Path:
    """Typeset Markdown to a PDF at ``output`` (page numbers, figures from resource_dir)."""
    args = ["--standalone", "-V", f"lang={language}", *_metadata_args(metadata or {})]
    if resource_dir is not None:
        args += [f"--resource-path={resource_dir}"]
    if template is not None:
        args += [f"--template={template}"]
    try:
        source = pypandoc.convert_text(markdown, "typst", format="markdown", extra_args=args)
    except RuntimeError as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
    root = resource_dir or Path(tempfile.gettempdir())
    with tempfile.NamedTemporaryFile(
        "w", suffix=".typ", dir=root, delete=False, encoding="utf-8"
    ) as handle:
        handle.write(source)
        typ = Path(handle.name)
    try:
        pdf = typst.compile(str(typ), root=str(root))
    except Exception as exc:  # typst raises its own error types
        raise TypesetError(f"Typst: {exc}") from exc
    finally:
        typ.unlink(missing_ok=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf if isinstance(pdf, bytes) else bytes(pdf))
    return output


def markdown_to_docx(
    markdown: str,
    output: Path,
    *,
    metadata: dict[str, Any] | None = None,
    resource_dir: Path | None = None,
    language: str = "nl",
) -> Path:
    """Convert Markdown to a Word document at ``output``."""
    args = ["--standalone", "-M", f"lang={language}", *_metadata_args(metadata or {})]
    if resource_dir is not None:
        args += [f"--resource-path={resource_dir}"]
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        pypandoc.convert_text(
            markdown, "docx", format="markdown", outputfile=str(output), extra_args=args
        )
    except RuntimeError as exc:
        raise TypesetError(f"pandoc: {exc}") from exc
    return output
