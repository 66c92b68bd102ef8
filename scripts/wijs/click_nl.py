"""Click's own texts in Dutch (usage errors, help headings), for the ``wijs`` command line.

Click translates through ``gettext``, bound in each of its modules as ``_`` and ``ngettext``.
While a ``DutchGroup`` runs, those names point at this table instead; afterwards they are
restored, so other users of click in the same process keep English.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from typing import Any

import click

#: click's English text → Dutch. Placeholders stay as they are (click fills them in).
DUTCH: dict[str, str] = {
    # help
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    # usage errors
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Did you mean {possibility}?": "Bedoel je {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoel je een van: {possibilities}?)",
    "Missing command.": "Geef een opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} krijgt geen waarde.",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} heeft {nargs} waarden nodig.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} krijgt {nargs} waarden.",
    "Takes {nargs} values but 1 was given.": "Verwacht {nargs} waarden, maar kreeg er 1.",
    "Takes {nargs} values but {len} were given.": "Verwacht {nargs} waarden, maar kreeg er {len}.",
    "Invalid start character for option ({option})": "Ongeldig begin van een optie ({option})",
    "Value must be an iterable.": "De waarde moet een lijst zijn.",
    # values
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} is geen ja/nee-waarde. Mogelijk: {states}"
    ),
    "{value!r} does not match the format {format}.": "{value!r} past niet bij de vorm {format}.",
    "{value!r} does not match the formats {formats}.": (
        "{value!r} past niet bij de vormen {formats}."
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} waarden nodig, maar {len_value} gegeven."
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "{len_type} waarden nodig, maar {len_value} gegeven."
    ),
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "file": "Bestand",
    "directory": "Map",
    "path": "Pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet te lezen.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet te schrijven.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uit te voeren.",
    "Could not open file {filename!r}: {message}": "Kan {filename!r} niet openen: {message}",
    "unknown error": "onbekende fout",
    # prompts
    "Aborted!": "Afgebroken.",
    "Do you want to continue?": "Wil je doorgaan?",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Press any key to continue...": "Druk op een toets om door te gaan…",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def _gettext(message: str) -> str:
    return DUTCH.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


@contextlib.contextmanager
def dutch_click() -> Iterator[None]:
    """Click speaks Dutch inside this block."""
    saved: list[tuple[Any, str, Any]] = []
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, dutch in (("_", _gettext), ("ngettext", _ngettext)):
            if hasattr(module, attribute):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, dutch)
    try:
        yield
    finally:
        for module, attribute, original in saved:
            setattr(module, attribute, original)


def _metavar(param_type: click.ParamType) -> str | None:
    """A Dutch placeholder for the value of an option of this type (None: click's own)."""
    if isinstance(param_type, click.Path):
        if not param_type.file_okay:
            return "MAP"
        return "BESTAND" if not param_type.dir_okay else "PAD"
    if isinstance(param_type, click.types.IntParamType | click.types.FloatParamType):
        return "GETAL"
    if isinstance(param_type, click.types.StringParamType):
        return "TEKST"
    return None


class _DutchHelpOption:
    """The --help option says what it does in Dutch, also when click made it (and kept it)
    outside ``dutch_click``, for example while the command reference was generated."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = DUTCH["Show this message and exit."]
        return option


class DutchCommand(_DutchHelpOption, click.Command):
    """A command whose usage line says [OPTIES], whose options' placeholders are Dutch (MAP,
    BESTAND, GETAL, TEKST), and whose paths are called Bestand, Map or Pad in messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None:
                param.metavar = _metavar(param.type)
            if isinstance(param.type, click.Path):  # named when the option was declared
                param.type.name = _gettext(param.type.name)


class DutchGroup(_DutchHelpOption, click.Group):
    """The ``wijs`` group: its commands are DutchCommands, and click speaks Dutch while it
    runs (parsing, help, usage errors)."""

    command_class = DutchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with dutch_click():
            return super().main(*args, **kwargs)
