"""The one exception the core raises for a problem the user has to fix: ``WijsError``.

It carries Diagnostics (file, line, column, code, message, hint), so every front door renders it
the same way: the CLI as text, annotations or JSON and an exit status, the MkDocs plugin as a
``PluginError``, each in one place. A problem without a file (a git failure, a refused deposit)
has the path ``""``. Exceptions that never leave their module stay private (``_Locked``,
``_SharedNode``); tests/test_errors.py checks that no other public exception exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wijs.diagnostics import Diagnostic, error, format_text


class WijsError(Exception):
    """Problems that stop the work. ``summary`` is an optional closing line (e.g. "De site is
    niet gebouwd: ..."); ``usage`` marks wrong use of a command (the CLI exits 2, not 1)."""

    def __init__(
        self, diagnostics: Sequence[Diagnostic], summary: str = "", *, usage: bool = False
    ) -> None:
        self.diagnostics = list(diagnostics)
        self.summary = summary
        self.usage = usage
        super().__init__(self.text())

    @classmethod
    def one(
        cls,
        code: str,
        message: str,
        hint: str = "",
        *,
        path: str | Path = "",
        line: int = 1,
        column: int = 1,
        usage: bool = False,
    ) -> WijsError:
        """One problem, in ``path`` (at ``line`` and ``column``) or without a file."""
        return cls([error(path, line, code, message, hint, column)], usage=usage)

    @classmethod
    def at(
        cls, path: str | Path, line: int, code: str, message: str, hint: str = "", column: int = 1
    ) -> WijsError:
        """One problem in a file; the arguments of ``wijs.diagnostics.error``."""
        return cls([error(path, line, code, message, hint, column)])

    @property
    def diagnostic(self) -> Diagnostic:
        """The first (usually the only) problem."""
        return self.diagnostics[0]

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def hint(self) -> str:
        return self.diagnostic.hint

    def text(self) -> str:
        """The summary, then every problem: as ``wijs check`` prints it when it has a file,
        'message hint' when it has none."""
        lines = [self.summary] if self.summary else []
        lines += [describe(d) for d in self.diagnostics]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        # crosses the pipe from the build process (wijs.builder.run_separately)
        return (_rebuild, (self.diagnostics, self.summary, self.usage))


def _rebuild(diagnostics: list[Diagnostic], summary: str, usage: bool) -> WijsError:
    return WijsError(diagnostics, summary, usage=usage)


def describe(d: Diagnostic) -> str:
    """One problem: 'path:line:column: error code message' (and the hint below) when it has a
    file, else its message and hint on one line."""
    if d.path:
        return format_text([d])
    return d.message + (f" {d.hint}" if d.hint else "")
