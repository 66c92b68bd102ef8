"""Jinja2 templates for generated pages. Autoescaped: front-matter values are never HTML."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from wijs.model import LICENSE_LABELS, LICENSE_URLS, STATUS_LABELS, nl_date
from wijs.pages.html_stash import stash
from wijs.pages.site import relative_url
from wijs.questions.model import STATUS_LABELS as QUESTION_STATUS_LABELS


def _nl_date(value: Any) -> str:
    return "" if value is None else nl_date(value)


def _stash(html: str) -> Markup:
    """A placeholder for ready HTML (``{% filter stash %}``): see wijs.pages.html_stash."""
    return Markup(stash(str(html)))


def _nl_list(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("wijs", "pages/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nl_date"] = _nl_date
    env.filters["nl_list"] = _nl_list
    env.filters["rel"] = relative_url
    env.filters["stash"] = _stash
    env.globals["LICENSE_LABELS"] = LICENSE_LABELS
    env.globals["LICENSE_URLS"] = LICENSE_URLS
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["QUESTION_STATUS_LABELS"] = QUESTION_STATUS_LABELS
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


#: libyaml's emitter when available: the same text, about 80 times faster than pure Python
_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def page_markdown(meta: dict[str, Any], body: str) -> str:
    """A Markdown page: YAML front-matter for MkDocs (title, description…) and the body."""
    header = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{header}---\n\n{body}"


def raw(html: str) -> Markup:
    """Mark trusted HTML (already escaped by a template) as safe to embed."""
    return Markup(html)
