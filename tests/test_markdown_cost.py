"""Caps on costly Markdown (platforma.markup.markdown_cost): each pathological input is refused at the right place,
an input at each cap passes and renders with the site's and the entries' renderers, and real content passes.

Rendering times are not asserted here (they depend on the machine); the caps were chosen by measurement.
"""

from __future__ import annotations

import markdown
import pytest
import yaml

from conftest import ROOT
from platforma.content.practices import MARKDOWN_SECTIONS
from platforma.markup import markdown_cost as cost
from platforma.markup.checklists import ChecklistExtension
from platforma.markup.entry_markdown import markdown_html
from platforma.markup.markdown_cost import markdown_cost_problems


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of mkdocs.yml and the checklists the hooks add, as MkDocs builds pages."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV and other tags
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for extension in config["markdown_extensions"]:
        name, options = next(iter(extension.items())) if isinstance(extension, dict) else (extension, {})
        names.append(name)
        configs[name] = options
    return markdown.Markdown(extensions=[*names, ChecklistExtension()], extension_configs=configs)


def _render_everywhere(text: str) -> None:
    """Render `text` as a page, as an entry field, and as an entry field with abbreviations; fails on errors."""
    assert _site_markdown().convert(text) is not None
    assert markdown_html(text) is not None
    assert markdown.Markdown(extensions=["tables", "sane_lists", "abbr"]).convert(text) is not None


def _largest(within: int, total) -> int:
    """The largest n with total(n) <= within."""
    n = 1
    while total(n + 1) <= within:
        n += 1
    return n


# Look-ahead: n unclosed '(' of '![a](' are read to the end of the paragraph, 2.5n² + 0.5n characters in
# all; n link titles left open ('[a]("x)': the ')' does not close a title) 3.5n² + 2.5n; n nested brackets
# n(n + 1); n tags '<a ' closed by one '>' at the end 1.5n² + 2.5n.
_IMAGES = _largest(cost.MAX_LINK_LOOKAHEAD, lambda n: (5 * n * n + n) // 2)
_TITLES = _largest(cost.MAX_LINK_LOOKAHEAD, lambda n: (7 * n * n + 5 * n) // 2)
_NESTED = _largest(cost.MAX_LINK_LOOKAHEAD, lambda n: n * (n + 1))
_TAGS = _largest(cost.MAX_TAG_LOOKAHEAD, lambda n: (3 * n * n + 5 * n) // 2)
_OPEN = cost.MAX_LINK_LOOKAHEAD // cost.MAX_BLOCK_CHARS  # unclosed '[' in the longest paragraph

# (name, text at the cap, text just over it, (line, column) of the problem in the second)
CAPS = [
    ("lines", "a\n" * cost.MAX_LINES, "a\n" * (cost.MAX_LINES + 1), (cost.MAX_LINES + 1, 1)),
    (
        "formatting characters",
        "*a* " * (cost.MAX_INLINE_MARKS // 2),
        "*a* " * (cost.MAX_INLINE_MARKS // 2) + "*",
        (1, 2 * cost.MAX_INLINE_MARKS + 1),
    ),
    (
        "paragraph length",
        "Intro.\n\n" + "a" * cost.MAX_BLOCK_CHARS,
        "Intro.\n\n" + "a" * (cost.MAX_BLOCK_CHARS + 1),
        (3, 1),
    ),
    (
        "lines that begin blocks",
        "Text\n" + "# a\n" * (cost.MAX_BLOCK_STARTS - 1) + "b\n: c\n",
        "Text\n" + "# a\n" * cost.MAX_BLOCK_STARTS + "b\n: c\n",
        (cost.MAX_BLOCK_STARTS + 3, 1),
    ),
    ("unclosed images", "![a](" * _IMAGES, "![a](" * (_IMAGES + 1), (1, 5)),
    ("link titles left open", '[a]("x)' * _TITLES, '[a]("x)' * (_TITLES + 1), (1, 4)),
    ("nested brackets", "[" * _NESTED + "a" + "]" * _NESTED, "[" * (_NESTED + 1) + "a" + "]" * (_NESTED + 1), (1, 1)),
    (
        "unclosed brackets in a long paragraph",
        "Intro.\n\n" + "a" + "[" * _OPEN + "b" * (cost.MAX_BLOCK_CHARS - 1 - _OPEN),
        "Intro.\n\n" + "a" + "[" * (_OPEN + 1) + "b" * (cost.MAX_BLOCK_CHARS - 2 - _OPEN),
        (3, 2),
    ),
    ("unclosed tags", "x " + "<a " * _TAGS + ">", "x " + "<a " * (_TAGS + 1) + ">", (1, 3)),
    (
        "markdown in HTML",
        '<div markdown="1">\n' * cost.MAX_MARKDOWN_IN_HTML + "a\n" + "</div>\n" * cost.MAX_MARKDOWN_IN_HTML,
        '<div markdown="1">\n' * (cost.MAX_MARKDOWN_IN_HTML + 1) + "a\n" + "</div>\n" * cost.MAX_MARKDOWN_IN_HTML,
        (cost.MAX_MARKDOWN_IN_HTML + 1, 1),
    ),
    (
        "code fences",
        "```\na\n```\n\n" * (cost.MAX_FENCES // 2),
        "```\na\n```\n\n" * (cost.MAX_FENCES // 2) + "```\n",
        (2 * cost.MAX_FENCES + 1, 1),
    ),
    (
        "footnotes",
        "[^a]: b\n\n" + "x[^a] " * (cost.MAX_FOOTNOTES - 1),
        "[^a]: b\n\n" + "x[^a] " * cost.MAX_FOOTNOTES,
        (3, 6 * (cost.MAX_FOOTNOTES - 1) + 2),
    ),
    (
        "abbreviation definitions",
        "".join(f"*[A{i}]: b\n\n" for i in range(cost.MAX_ABBREVIATIONS)),
        "".join(f"*[A{i}]: b\n\n" for i in range(cost.MAX_ABBREVIATIONS + 1)),
        (2 * cost.MAX_ABBREVIATIONS + 1, 1),
    ),
    (
        "abbreviation length",
        "*[" + "a " * (cost.MAX_ABBREVIATION_LENGTH // 2) + "]: b\n\n" + "a " * 500,
        "*[" + "a " * (cost.MAX_ABBREVIATION_LENGTH // 2) + "b]: b\n\n" + "a " * 500,
        (1, 1),
    ),
    (
        "abbreviation uses",
        "*[UE]: b\n\n" + "UE " * cost.MAX_ABBREVIATION_USES,
        "*[UE]: b\n\n" + "UE " * (cost.MAX_ABBREVIATION_USES + 1),
        (3, 3 * cost.MAX_ABBREVIATION_USES + 1),
    ),
]


@pytest.mark.parametrize(("name", "at_cap", "over", "where"), CAPS, ids=[case[0] for case in CAPS])
def test_over_each_cap_is_refused_where_it_goes_over(name, at_cap, over, where):
    problems = markdown_cost_problems(over)
    assert [problem[:2] for problem in problems] == [where], problems
    assert problems[0][2].strip() and "\n" not in problems[0][2]


@pytest.mark.parametrize(("name", "at_cap", "over", "where"), CAPS, ids=[case[0] for case in CAPS])
def test_at_each_cap_passes_and_renders(name, at_cap, over, where):
    assert markdown_cost_problems(at_cap) == []
    _render_everywhere(at_cap)


# What an attacker's review reported as taking minutes or exhausting Python's stack.
REPORTED = [
    ("24,000 '![a](' in a page", "![a](" * 24_000, (1, 1)),
    ("4,000 '![a](' in a field", "![a](" * 4_000, (1, 5 * cost.MAX_INLINE_MARKS + 2)),
    ("10,000 '[' in a field", "[" * 10_000, (1, cost.MAX_INLINE_MARKS + 1)),
    ("10,000 '*' in a field", "*" * 10_000, (1, cost.MAX_INLINE_MARKS + 1)),
    ("2,000 nested markdown divs", "Text\n\n" + '<div markdown="1">\n' * 2_000, (3, 1)),
    ("20,000 definitions", "a\n: b\n" * 20_000, (1, 1)),
    ("a tight list of 496 definitions", "a\n: b\n" * 496, (2 * cost.MAX_BLOCK_STARTS + 2, 1)),
    ("4,000 headings in one block", "# a\n" * 4_000, (cost.MAX_BLOCK_STARTS + 1, 1)),
    ("1,000 '<a ' in a paragraph", "x " + "<a " * 1_000, (1, 3)),
]


@pytest.mark.parametrize(("name", "text", "first"), REPORTED, ids=[case[0] for case in REPORTED])
def test_reported_inputs_are_refused(name, text, first):
    problems = markdown_cost_problems(text)
    assert first in [problem[:2] for problem in problems], problems


def test_positions_follow_the_lines_markdown_sees():
    assert markdown_cost_problems("a\r\n" * (cost.MAX_LINES + 1))[0][:2] == (cost.MAX_LINES + 1, 1)
    assert markdown_cost_problems("a\r" * (cost.MAX_LINES + 1))[0][:2] == (cost.MAX_LINES + 1, 1)
    text = "Intro.\n\nSee [the list.\n\n" + "![a](" * (_IMAGES + 1)
    assert [problem[:2] for problem in markdown_cost_problems(text)] == [(5, 5)]


def test_text_in_code_counts_like_any_other():
    fenced = "```\n" + "*a* " * (cost.MAX_INLINE_MARKS // 2 + 1) + "\n```\n"
    assert markdown_cost_problems(fenced)


def _real_texts() -> list[tuple[str, str]]:
    texts = [
        (path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted([*ROOT.glob("manuals/*/*.md"), *ROOT.glob("docs/**/*.md")])
    ]
    for path in sorted(ROOT.glob("practices/*.yml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in MARKDOWN_SECTIONS:
            for lang, text in (entry.get(key) or {}).items():
                texts.append((f"{path.relative_to(ROOT).as_posix()}:{key}.{lang}", text))
    return texts


def test_real_content_is_found():
    names = [name for name, _ in _real_texts()]
    assert any(name.startswith("manuals/") for name in names)
    assert any(name.startswith("docs/") for name in names)
    assert any(name.startswith("practices/") for name in names)


@pytest.mark.parametrize(("name", "text"), _real_texts(), ids=[name for name, _ in _real_texts()])
def test_real_content_passes(name: str, text: str):
    assert markdown_cost_problems(text) == []
