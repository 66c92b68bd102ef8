"""Property-based fuzzing: whatever a student's file holds, reading, checking and rendering give
a result or clear diagnostics, never a traceback. Example counts are modest so this runs in
seconds; raise them locally with HYPOTHESIS_PROFILE=lang."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VOCABULARY, report_fields
from wijs.checks import run_report_checks
from wijs.model import (
    Author,
    CommissionerConsent,
    Consent,
    FigureCredit,
    PrivacyException,
    Report,
    ReportMeta,
    Review,
    Translation,
)
from wijs.reader import parse_report
from wijs.sanitize import sanitize_html
from wijs.vocabulary import load_vocabulary

settings.register_profile(
    "kort", max_examples=60, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "lang", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kort"))

VOCAB = load_vocabulary(VOCABULARY)
ROOT = Path("/nonexistent-bank/research")
PATH = ROOT / "2024" / "rapport" / "index.md"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc"]

# pieces that make YAML and Markdown interesting: structure, quotes, tags, anchors, HTML
YAML_TOKENS = st.sampled_from(
    [
        "---\n", "...\n", "title:", " ", "\n", "  ", "- ", ": ", "[", "]", "{", "}", ",", "'", '"',
        "&a ", "*a", "!!python/object:os.system", "!tag ", "#", "|", ">", "\t", "? ", "<<: ",
        "2024-06-14", "2024", "yes", "~", "null", "\ufeff", "\r\n", "\x00", "é", "ع", "%YAML 1.1",
    ]
)  # fmt: skip
MARKDOWN_TOKENS = st.sampled_from(
    [
        "\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "    ", "```", "~~~", "`", "*", "_", "[",
        "]", "(", ")", "![", "](figures/a.png)", "](../x)", "](javascript:alert(1))", "<div>",
        "</div>", '<div markdown="1">', "<script>", "</script>", "<img src=x onerror=alert(1)>",
        "<!--", "-->", "[^1]", "[^1]: ", "|", "---", "{: .x }", "!!! note", "&amp;", "&#x3C;",
        "@jansen2021", "06-12345678", "respondent Jan", "\t", "\r", "\u202e", "ع", "tekst ",
    ]
)  # fmt: skip


def valid_front_matter() -> str:
    return yaml.safe_dump(report_fields(), allow_unicode=True, sort_keys=False)


def check_result(raw: bytes) -> None:
    result = parse_report(raw, PATH, VOCAB, ROOT)
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.code and diagnostic.message
    if result.report is None:
        assert any(d.is_error for d in result.diagnostics)


@given(st.binary(max_size=400))
def test_any_bytes_give_a_report_or_diagnostics(raw: bytes) -> None:
    check_result(raw)
    check_result(b"---\n" + raw + b"\n---\n")


@given(st.lists(YAML_TOKENS, max_size=40).map("".join))
def test_any_front_matter_gives_a_report_or_diagnostics(text: str) -> None:
    check_result(f"---\n{text}\n---\nTekst.\n".encode("utf-8", "surrogatepass"))
    # the same noise after a valid front-matter's fields
    check_result(f"---\n{valid_front_matter()}{text}\n---\nTekst.\n".encode())


@given(st.dictionaries(st.sampled_from(list(report_fields())), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)))  # fmt: skip
def test_any_values_for_the_fields_give_a_report_or_diagnostics(values: dict) -> None:  # type: ignore[type-arg]
    fields = {**report_fields(), **values}
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    check_result(f"---\n{text}---\nTekst.\n".encode())


# every field of the model and of its parts, and YAML scalars of every type as a student types
# them: dates that do not exist, numbers too long for Python, YAML 1.1 booleans, nulls, floats
ALL_KEYS = sorted(
    {
        *ReportMeta.model_fields,
        *(
            name
            for part in (Author, Review, Consent, CommissionerConsent)
            for name in part.model_fields
        ),
        *(
            name
            for part in (FigureCredit, Translation, PrivacyException)
            for name in part.model_fields
        ),
    }
)
RAW_SCALARS = st.one_of(
    st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"),  # 2024-02-30, 2024-13-01
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?\Z"),
    st.integers().map(str),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),
    st.floats().map(lambda f: yaml.safe_dump(f).removesuffix("\n...\n")),
    st.sampled_from(
        ["yes", "no", "on", "off", "~", "null", "", ".inf", "-.nan", "0x1F", "0o17", "1_000",
         "+12e3", "190:20:30", "true", "not-applicable", "anonymised", "approved", "draft"]
    ),
    st.text(max_size=12).map(lambda t: yaml.safe_dump(t, allow_unicode=True, width=10**6)
                             .removesuffix("\n...\n").strip()),
)  # fmt: skip
RAW_VALUES = st.recursive(
    RAW_SCALARS,
    lambda children: (
        st.lists(children, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
        | st.dictionaries(st.sampled_from(ALL_KEYS), children, max_size=3).map(
            lambda parts: "{" + ", ".join(f"{k}: {v}" for k, v in parts.items()) + "}"
        )
    ),
    max_leaves=6,
)


@given(
    st.dictionaries(st.sampled_from(list(ReportMeta.model_fields)), RAW_VALUES, min_size=1),
    st.booleans(),
)
def test_any_typed_value_in_any_field_gives_diagnostics_with_their_line(
    values: dict[str, str], on_valid: bool
) -> None:
    # on its own, or in place of the field in a valid report (None removes the field)
    others = report_fields(**dict.fromkeys(values)) if on_valid else {}
    base = yaml.safe_dump(others, allow_unicode=True, sort_keys=False) if others else ""
    text = base + "".join(f"{key}: {value}\n" for key, value in values.items())
    raw = f"---\n{text}---\nTekst.\n".encode()
    result = parse_report(raw, PATH, VOCAB, ROOT)  # never raises
    end = raw.count(b"\n")
    for diagnostic in result.diagnostics:
        assert 1 <= diagnostic.line <= end, diagnostic
        assert diagnostic.code and diagnostic.message
    if result.report is None:
        assert any(d.is_error for d in result.diagnostics)
    checked = result.report or result.partial
    if checked is not None:
        run_report_checks(checked)  # the checks run on what could be read, without a traceback


def _report(body: str, tmp_path: Path) -> Report | None:
    path = tmp_path / "research" / "2024" / "rapport" / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = f"---\n{valid_front_matter()}---\n\n{body}".encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    return parse_report(raw, path, VOCAB, tmp_path / "research").report


@settings(suppress_health_check=list(HealthCheck))
@given(body=st.lists(MARKDOWN_TOKENS | st.text(max_size=8), max_size=60).map("".join))
def test_any_body_is_checked_and_rendered_without_a_traceback(body: str, tmp_path: Path) -> None:
    report = _report(body, tmp_path)
    assert report is not None
    for diagnostic in run_report_checks(report):
        assert diagnostic.line >= report.body_line or diagnostic.line == 1
    html = markdown.markdown(
        f'<div class="wijs-body" markdown="1">\n\n{report.body}\n\n</div>', extensions=EXTENSIONS
    )
    assert active_parts(sanitize_html(html)) == []


class _Active(HTMLParser):
    """Collects what could run: script-like elements, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "base", "meta", "form"):
            self.found.append(tag)
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or url.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"{tag} {name}={value}")


def active_parts(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    return parser.found
