"""Nothing from a submission runs in a reader's browser: the HTML of a report page is cleaned to
an allow-list (nh3), and values that land in HTML, JSON-LD or spreadsheets are escaped.

The allow-list keeps what the platform's own templates and Markdown put in a report page:
structure and tables, footnotes, heading anchors, figures, links, ``lang``/``dir``, ARIA and
``data-*`` attributes. It drops scripts, styles, event handlers, frames, objects, forms,
inline SVG with script, and ``javascript:``/``data:`` URLs (except ``data:`` images).

The student's body, marked off in the page by :data:`BODY_START`/:data:`BODY_END`, is cleaned
more strictly first: no ``data-*`` (Pagefind reads ``data-pagefind-*`` as the page's title and
filters), no ids the theme or the report page own (``__config``, ``bevindingen``…: renamed), no
``srcset`` and no image from another host (the site makes no third-party request).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import MutableMapping
from typing import Any

import nh3
from markupsafe import Markup, escape

from wijs.markdown_links import is_external

TAGS = frozenset(
    {
        *nh3.ALLOWED_TAGS,
        "section",
        "main",
        "time",
        "details",
        "summary",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "button",
        "picture",
        "source",
        "svg",
        "path",
        "g",
        "title",
        "circle",
        "rect",
        "line",
        "polyline",
        "polygon",
        "bdi",
        "bdo",
        "address",
        "meter",
        "progress",
    }
    - {"area", "map", "center", "strike", "tt", "acronym"}
)
GENERIC_ATTRIBUTES = frozenset(
    {"class", "id", "lang", "dir", "role", "title", "hidden", "tabindex", "translate"}
)
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href", "rel", "rev", "hreflang", "download", "type", "target"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "time": {"datetime"},
    "ins": {"datetime", "cite"},
    "del": {"datetime", "cite"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "style", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "button": {"type", "disabled", "value"},
    "data": {"value"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "progress": {"value", "max"},
    "abbr": {"title"},
    "svg": {"viewBox", "width", "height", "fill", "stroke", "xmlns", "focusable"},
    "path": {"d", "fill", "stroke", "stroke-width", "fill-rule", "clip-rule"},
    "g": {"fill", "stroke", "transform"},
    "circle": {"cx", "cy", "r", "fill", "stroke"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill", "stroke"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width"},
    "polyline": {"points", "fill", "stroke"},
    "polygon": {"points", "fill", "stroke"},
}
ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "cite", "action", "formaction", "poster"})
SAFE_DATA_IMAGE = re.compile(
    r"^data:image/(?:png|jpeg|jpg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*$", re.I
)
#: removed together with everything inside them
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "textarea",
        "select",
        "math",
        "frame",
        "frameset",
        "applet",
    }
)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name in URL_ATTRIBUTES and value.strip().lower().startswith("data:"):
        return value if tag in ("img", "source") and SAFE_DATA_IMAGE.match(value.strip()) else None
    return value


# -- the student's body: stricter -----------------------------------------------------------

#: Marks around the body in a report page's Markdown. The nonce is new in every process: a body
#: cannot end its own part early, as it cannot know the mark.
_NONCE = secrets.token_hex(12)
BODY_START = f"<!--wijs-body:{_NONCE}-->"
BODY_END = f"<!--/wijs-body:{_NONCE}-->"
#: ids of the report page around the body (pages/templates) that a body must not repeat
PAGE_IDS = frozenset(
    {
        "samenvatting",
        "bevindingen",
        "aanbevelingen",
        "literatuur",
        "downloads",
        "citeer-dit",
        "verwant-onderzoek",
        # the vraagbank: a question's page around its context, a report's question
        "de-vraag",
        "context",
        "antwoorden",
        "vraag-uit-de-stad",
    }
)
#: mkdocs-material's own ids (__config, __search, __drawer…), ours, and reference anchors
RESERVED_ID_PREFIXES = ("__", "md-", "wijs-", "ref-")
BODY_ID_PREFIX = "tekst-"


def is_reserved_id(value: str) -> bool:
    value = value.strip().lower()
    return value in PAGE_IDS or value.startswith(RESERVED_ID_PREFIXES)


def _filter_body_attribute(tag: str, name: str, value: str) -> str | None:
    if name.startswith("data-") or name == "srcset":
        return None
    if name == "id" and is_reserved_id(value):
        # a heading '## Bevindingen' in the body keeps an anchor of its own
        return BODY_ID_PREFIX + value.strip().lstrip("_")
    if name == "src" and tag in ("img", "source") and _is_foreign(value):
        return None
    return _filter_attribute(tag, name, value)


def _is_foreign(url: str) -> bool:
    url = url.strip()
    return is_external(url) and not url.lower().startswith("data:")


def sanitize_body(fragment: str) -> str:
    """The HTML of a student's body: the allow-list, then the stricter rules above."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: {n for n in names if n != "srcset"} for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter_body_attribute,
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def mark_body(html_or_markdown: str) -> str:
    """The body between its marks, for :func:`sanitize_report_page`."""
    return f"{BODY_START}\n\n{html_or_markdown}\n\n{BODY_END}"


def sanitize_report_page(html: str) -> str:
    """A report page's HTML: the body part strictly, then the whole page. When only one mark
    survived Markdown (a body that opened a comment or a raw block), everything is body."""
    start, end = html.find(BODY_START), html.rfind(BODY_END)
    if start == -1 and end == -1:
        return sanitize_html(html)
    if start == -1 or end < start:
        return sanitize_body(html)
    body = html[start + len(BODY_START) : end]
    return sanitize_html(html[:start] + sanitize_body(body) + html[end + len(BODY_END) :])


def sanitize_html(fragment: str) -> str:
    """The HTML with everything outside the allow-list removed."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


# -- values in other places ----------------------------------------------------------------------


#: page meta that mkdocs-material prints unescaped (title in <title> and the header,
#: description in a <meta> attribute)
ESCAPED_PAGE_META = ("title", "description")


def escape_page_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape, in place, the page meta of a generated page before MkDocs' templates print it.

    The values become markupsafe.Markup: printed raw they are escaped text, and a template
    that escapes them itself (``| e``) does not escape them twice.
    """
    for key in ESCAPED_PAGE_META:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)


def json_for_script(value: Any) -> str:
    """JSON that is safe inside <script type="application/ld+json">: no '</script>' breaks out."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
