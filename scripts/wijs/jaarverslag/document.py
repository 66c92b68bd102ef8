"""The annual overview as Markdown (for the site and for pasting) and as PDF or DOCX (pandoc).

One template serves every output; what differs is how links and charts are written:
relative links and inline SVG on the site, absolute links and chart files in documents.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import typst
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from wijs.errors import WijsError
from wijs.jaarverslag.charts import jaarverslag_bar_chart_svg
from wijs.jaarverslag.figures import (
    DIGEST_FINDINGS,
    DIGEST_RECOMMENDATIONS,
    TABLE_FACETS,
    AnnualOverview,
    Row,
)
from wijs.jaarverslag.references import Reference, jaarverslag_references
from wijs.pages.render import environment
from wijs.pages.site import Site, relative_url
from wijs.typeset import markdown_to_docx, markdown_to_pdf

FORMATS = ("md", "pdf", "docx")
TEMPLATE = "jaarverslag.md.j2"
PLURALS = {"neighbourhood": "wijken", "theme": "thema's", "institution": "instellingen"}

# Characters with a meaning in Markdown inside running text and table cells. On the site
# autoescape turns < and & into entities; for pandoc (no autoescape, so the Markdown stays
# clean to paste) < and an & that starts an entity are backslash-escaped, with $ (maths),
# ~ and ^ (sub/superscript), @ (citations) and # (headings).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_PANDOC_SPECIAL = re.compile(r"([\\`*_\[\]{}|$~^@<#]|&(?=#?\w+;))")

#: Writes one chart and returns the Markdown (or HTML) that shows it: (facet, title, rows).
ChartWriter = Callable[[str, str, list[Row]], str]


@pass_context
def _md(context: Context, value: object) -> str:
    """Escape a front-matter value for Markdown: it must stay text, whatever it contains."""
    text = re.sub(r"\s+", " ", str(value))
    pattern = _PANDOC_SPECIAL if context.get("pandoc") else _MARKDOWN_SPECIAL
    return pattern.sub(r"\\\1", text)


@lru_cache(maxsize=2)
def _environment(pandoc: bool) -> Environment:
    env = environment().overlay(autoescape=not pandoc)
    env.filters["md"] = _md
    return env


def _chart_rows(rows: list[Row]) -> list[tuple[str, int]]:
    return [(row.label, row.count) for row in rows]


def render_markdown(
    overview: AnnualOverview,
    *,
    link: Callable[[str], str],
    chart: ChartWriter,
    reference_url: Callable[[str], str],
    pandoc: bool = False,
) -> str:
    """The overview as Markdown; ``link`` turns a site URL into an href ('' for no link)."""
    site = overview.site
    tables = [
        (facet, heading, PLURALS[facet], overview.rows(facet))
        for facet, heading in TABLE_FACETS.items()
    ]
    references: list[Reference] = jaarverslag_references(overview.reports, site, reference_url)
    levels = sorted({v for r in overview.reports for v in r.meta.level})
    return (
        _environment(pandoc)
        .get_template(TEMPLATE)
        .render(
            o=overview,
            t=overview.totals,
            levels=", ".join(site.facet_label("level", v) for v in levels),
            tables=tables,
            link=link,
            chart=lambda facet, title, rows: Markup(chart(facet, title, rows)),
            references=references,
            pandoc=pandoc,
            DIGEST_FINDINGS=DIGEST_FINDINGS,
            DIGEST_RECOMMENDATIONS=DIGEST_RECOMMENDATIONS,
        )
    )


def site_markdown(overview: AnnualOverview, here: str) -> str:
    """For the page on the site: relative links, charts as inline SVG."""

    def chart(facet: str, title: str, rows: list[Row]) -> str:
        svg = jaarverslag_bar_chart_svg(_chart_rows(rows), title)
        return f'<figure class="wijs-chart">{svg}<figcaption>{escape(title)}</figcaption></figure>'

    return render_markdown(
        overview,
        # Markdown links name the page file, so MkDocs checks and rewrites them
        link=lambda url: (
            relative_url(here, url) + "index.md" if url.endswith("/") else relative_url(here, url)
        ),
        chart=chart,
        reference_url=site_reference_url(overview.site),
    )


def site_reference_url(site: Site) -> Callable[[str], str]:
    """The address a reference on the site's overview names: the report's public page ('' when
    the site's address is not known)."""
    base = site.site_url
    return lambda url: f"{base}{url}" if base else ""


def document_markdown(
    overview: AnnualOverview, base_url: str, chart_dir: Path | None, *, chart_suffix: str = "svg"
) -> str:
    """For a document: absolute links (when the site's address is known), charts as files in
    ``chart_dir`` referenced by name (no charts without a folder)."""
    base = base_url.rstrip("/") + "/" if base_url else ""

    def chart(facet: str, title: str, rows: list[Row]) -> str:
        if chart_dir is None or not rows:
            return ""
        name = f"jaarverslag-{overview.period.slug}-{PLURALS[facet].replace(chr(39), '')}"
        svg = chart_dir / f"{name}.svg"
        svg.write_text(jaarverslag_bar_chart_svg(_chart_rows(rows), title), encoding="utf-8")
        target = svg if chart_suffix == "svg" else svg_to_png(svg)
        safe_title = _PANDOC_SPECIAL.sub(r"\\\1", title)
        return f"![{safe_title}]({target.name})"

    return render_markdown(
        overview,
        link=lambda url: f"{base}{url}" if base else "",
        chart=chart,
        reference_url=lambda url: f"{base}{url}" if base else "",
        pandoc=True,
    )


def svg_to_png(svg: Path) -> Path:
    """A PNG of an SVG chart, drawn by Typst: Word cannot always show SVG."""
    page = svg.with_suffix(".typ")
    page.write_text(
        f'#set page(width: auto, height: auto, margin: 4pt)\n#image("{svg.name}")\n',
        encoding="utf-8",
    )
    png = svg.with_suffix(".png")
    try:
        data = typst.compile(str(page), root=str(svg.parent), format="png", ppi=192.0)
    except Exception as exc:  # typst raises its own error types
        raise WijsError.one("typeset", f"Typst: {exc}") from exc
    finally:
        page.unlink(missing_ok=True)
    png.write_bytes(data if isinstance(data, bytes) else bytes(data[0]))
    return png


def write_document(
    overview: AnnualOverview, output_format: str, output: Path, base_url: str = ""
) -> Path:
    """Write the overview to ``output`` as md (with its charts beside it), pdf or docx."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    if output_format == "md":
        output.write_text(document_markdown(overview, base_url, output.parent), encoding="utf-8")
        return output
    metadata = {"title": f"Jaarverslag onderzoek {overview.period.title}"}
    with tempfile.TemporaryDirectory(prefix="wijs-jaarverslag-") as folder:
        charts = Path(folder)
        if output_format == "pdf":
            markdown = _without_h1(document_markdown(overview, base_url, charts))
            return markdown_to_pdf(markdown, output, metadata=metadata, resource_dir=charts)
        markdown = _without_h1(document_markdown(overview, base_url, charts, chart_suffix="png"))
        return markdown_to_docx(markdown, output, metadata=metadata, resource_dir=charts)


def _without_h1(markdown: str) -> str:
    # in PDF and DOCX the title comes from the metadata, as the document's own title block
    first, _, rest = markdown.partition("\n")
    return rest if first.startswith("# ") else markdown


def format_for(output: Path | None, output_format: str | None) -> str:
    """The explicit format, else the one the output file's extension names, else md."""
    if output_format:
        return output_format
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else "md"
