"""The one exception the core raises for content it cannot use; it carries a Diagnostic."""

from __future__ import annotations

from pathlib import Path

from wijs.diagnostics import Diagnostic, error


class ContentError(Exception):
    """Content that stops the whole run (e.g. an unreadable vocabulary)."""

    def __init__(
        self, path: str | Path, line: int, code: str, message: str, hint: str = ""
    ) -> None:
        self.diagnostic: Diagnostic = error(path, line, code, message, hint)
        super().__init__(f"{path}:{line}: {message}")


class ContentErrors(Exception):
    """A run that found errors in the content; the front doors render ``diagnostics``."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"{sum(d.is_error for d in diagnostics)} fout(en) in de inhoud")
