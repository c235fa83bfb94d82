"""Print quality (issue #17): checklists with tick boxes, cross-references with page numbers, addresses of links,
chapter-closing sections out of the contents and the bookmarks, no near-empty pages.

Checked on the real build with real WeasyPrint (the session's `built_site`: text via pdftotext, outline and links
via pypdf) and on the web pages; the Markdown extension and the allow-list also on small inputs.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from conftest import lines, pdf_pages, squeeze
from platforma.content.manuals import load_manuals
from platforma.content.ui import ui_strings
from platforma.markup.checklists import ChecklistExtension
from platforma.markup.sanitise import clean_html
from platforma.pdf.rewrite import short_url
from platforma.project import MANUALS_DIR

MANUALS, _, _ = load_manuals()
LANGS = ("pl", "en")
PAGE_WORD = {"pl": "s.", "en": "p."}
TASK = re.compile(r"^\s*[-*+] \[ \] ", re.M)


def tasks_in(slug: str, lang: str, chapter: str = "*") -> int:
    """`- [ ]` items in a manual's Markdown in `lang` (in one chapter, e.g. `03-referral-agreements`)."""
    suffix = ".md" if lang == "pl" else f".{lang}.md"
    files = [p for p in (MANUALS_DIR / slug).glob(chapter + suffix) if lang != "pl" or p.name.count(".") == 1]
    return sum(len(TASK.findall(p.read_text(encoding="utf-8"))) for p in files)


def outline_titles(reader: PdfReader, items=None) -> list[str]:
    """Every bookmark's title, at every level."""
    found = []
    for item in reader.outline if items is None else items:
        found += outline_titles(reader, item) if isinstance(item, list) else [item.title]
    return found


def internal_links(reader: PdfReader) -> dict[int, set[int]]:
    """Page of an internal link -> the pages its targets are on."""
    names = reader.named_destinations
    found: dict[int, set[int]] = {}
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                target = reader.get_destination_page_number(names[str(annotation["/Dest"])]) + 1
                found.setdefault(number, set()).add(target)
    return found


def page_fill(path: Path) -> list[float]:
    """How far down each page its text goes, as a share of the text area (A4, 22 mm top and 20 mm bottom margin)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    top, bottom = 22 / 25.4 * 72, 841.89 - 20 / 25.4 * 72
    fills = []
    for page in out.split("<page ")[1:]:
        ends = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page) if top < float(y) < bottom + 2]
        fills.append((max(ends, default=top) - top) / (bottom - top))
    return fills


def manual_pdfs(site: Path) -> list[Path]:
    return [site / "pdf" / f"{m.slug}-{lang}.pdf" for m in MANUALS for lang in LANGS]


# ---------------------------------------------------------------- checklists


def test_task_list_items_become_labelled_checkboxes():
    md = markdown.Markdown(extensions=[ChecklistExtension()])
    html = md.convert("- [ ] **First** [link](x.md)\n- [x] done\n    - [ ] nested\n- plain [ ] not a task\n")
    assert html.count('<li class="task-list-item">') == 3 and html.count('<ul class="task-list">') == 2
    first = re.search(r'<li class="task-list-item">(.*?)</li>', html)[1]
    assert first == (
        '<label class="task-list-control"><input disabled="disabled" type="checkbox" />'
        '<span class="task-list-indicator"></span><strong>First</strong> <a href="x.md">link</a></label>'
    ), "the item's text is the checkbox's label"
    assert 'checked="checked"' in html and "<li>plain [ ] not a task</li>" in html
    loose = markdown.markdown("- [ ] one\n\n- [ ] two\n", extensions=[ChecklistExtension()])
    assert loose.count('<p><label class="task-list-control">') == 2


def test_the_allow_list_keeps_tick_boxes_and_makes_any_input_one():
    box = '<label class="task-list-control"><input disabled="disabled" type="checkbox" checked>Item</label>'
    assert clean_html(box) == (
        '<label class="task-list-control"><input type="checkbox" checked="" disabled="disabled">Item</label>'
    )
    hostile = (
        '<input type="password" name="pin" value="1" autofocus onfocus="alert(1)" form="f" formaction="javascript:x">'
        '<input type="image" src="https://evil.example/x.png"><label for="pin" onclick="alert(2)">L</label>'
        '<input type="checkbox" name="agree">'
    )
    assert clean_html(hostile) == (
        '<input disabled="disabled"><input disabled="disabled"><label>L</label>'
        '<input type="checkbox" disabled="disabled">'
    ), "nothing but a disabled field without name or value"
    assert len({clean_html(box + hostile) for _ in range(20)}) == 1, "the same bytes every time"


@pytest.mark.parametrize("lang", LANGS)
def test_checklists_print_tick_boxes_not_brackets(built_site, lang):
    checked = 0
    for manual in MANUALS:
        expected = tasks_in(manual.slug, lang)
        text = "\n".join(pdf_pages(built_site / "pdf" / f"{manual.slug}-{lang}.pdf"))
        assert "[ ]" not in text, f"{manual.slug}-{lang}: a literal [ ]"
        assert text.count("\u2610") == expected, f"{manual.slug}-{lang}: {text.count(chr(0x2610))} ☐, {expected} items"
        assert re.search(r"^\s*\u2610 \S", text, re.M), "the box stands before the item's text"
        checked += expected
    assert checked >= 80, "the COI, networking and PSN manuals have about 82 items per language"


def test_tick_boxes_use_the_shipped_fonts_without_glyph_warnings(built_site):
    source = (MANUALS_DIR / "networking" / "03-referral-agreements.md").read_text(encoding="utf-8")
    assert TASK.search(source)
    out = subprocess.run(
        ["pdffonts", str(built_site / "pdf" / "networking-pl.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto-Sans-Symbols-2-PW" in out and "DejaVu" not in out


@pytest.mark.parametrize("lang", LANGS)
def test_the_web_page_of_a_chapter_with_a_checklist_has_labelled_checkboxes(built_site, lang):
    prefix = "" if lang == "pl" else f"{lang}/"
    html = (built_site / prefix / "manuals" / "networking" / "03-referral-agreements" / "index.html").read_text(
        encoding="utf-8"
    )
    article = html[html.index("<article") : html.index("</article>")]
    assert "[ ]" not in article
    assert '<ul class="task-list">' in article
    items = re.findall(r'<li class="task-list-item"><label class="task-list-control">(.*?)</label>', article, re.S)
    assert len(items) == tasks_in("networking", lang, "03-referral-agreements") > 0
    for item in items:
        found = re.fullmatch(r'(<input [^>]*>)<span class="task-list-indicator"></span>(.+)', item, re.S)
        assert found, f"not a checkbox and its text: {item[:80]}"
        box, text = found.groups()
        assert 'type="checkbox"' in box and "disabled" in box
        assert len(re.sub(r"<[^>]+>", "", text).strip()) > 10, "the label names the checkbox"


# ---------------------------------------------------------------- links on paper


@pytest.mark.parametrize("lang", LANGS)
def test_cross_references_print_the_page_of_their_target(built_site, lang):
    path = built_site / "pdf" / f"networking-{lang}.pdf"
    pages = pdf_pages(path)
    links = internal_links(PdfReader(path))
    word = re.escape(PAGE_WORD[lang])
    printed = [(n, int(m[1])) for n, page in enumerate(pages, 1) for m in re.finditer(rf"\({word} (\d+)\)", page)]
    assert len(printed) >= 3, "chapters refer to each other"
    for page, target in printed:
        assert target in links.get(page, set()), f"page {page} prints ({PAGE_WORD[lang]} {target}), no link goes there"
    # one checked by its heading: the link to "Roles and meeting formats" in the first chapter
    chapter = next(m for m in MANUALS if m.slug == "networking").chapters[1]
    title = chapter.title(lang)
    found = re.search(re.escape(title) + rf"\s+\({word} (\d+)\)", squeeze("\n".join(pages[3:])))
    assert found, f"no cross-reference to {title!r}"
    target = pages[int(found[1]) - 1]
    assert lines(target)[0].endswith(title) and squeeze(" ".join(lines(target)[1:4])).startswith(title)


def test_links_leaving_the_pdf_print_their_address_but_never_the_placeholder_domain(built_site):
    for path in manual_pdfs(built_site):
        text = squeeze(" ".join(pdf_pages(path)[1:]))  # the cover names the online version once
        assert "platforma-wiedzy.example" not in text, path.name
    text = squeeze(" ".join(pdf_pages(built_site / "pdf" / "networking-en.pdf")))
    assert re.search(r"\(/en/practices/[a-z0-9-]+/\)", text), "a practice not in the PDF: its site path"
    assert re.search(r"\(/en/sources/[a-z0-9-]+/\)", text), "an archived source: its site path"
    text = squeeze(" ".join(pdf_pages(built_site / "pdf" / "psn-en.pdf")))
    assert "https://ipsn.euaa.europa.eu/" in text
    assert "(ipsn.euaa.europa.eu" not in text, "a link whose text is its address is not followed by it again"
    # a legal act cited in the text prints no address there; the chapter's list of legal acts prints it once
    assert "Article 20 of Regulation (EU) 2024/1348 (eur-lex" not in text
    assert "europa.eu/eli/reg/2024/1348/oj) (applies since 12 June 2026)" in text


def test_short_addresses():
    assert short_url("https://example.org/path/to?x=1#frag") == "example.org/path/to?x=1"
    assert short_url("https://example.org/") == "example.org"
    assert short_url("mailto:biuro@example.org") == "biuro@example.org"


# ---------------------------------------------------------------- chapter-closing sections, pages


@pytest.mark.parametrize("lang", LANGS)
def test_closing_sections_are_not_in_the_contents_or_the_bookmarks(built_site, lang):
    ui = ui_strings(lang)
    closing = {ui["sources"], ui["legal_acts_title"], ui["related_in_chapter"], ui["related"]}
    for path in manual_pdfs(built_site)[LANGS.index(lang) :: 2]:
        titles = outline_titles(PdfReader(path))
        assert not closing & set(titles), f"{path.name}: {closing & set(titles)} in the bookmarks"
        pages = pdf_pages(path)
        contents = [p for p in pages[1:] if lines(p)[0].endswith(ui["pdf_contents"])]
        assert contents and not any(line.startswith(tuple(closing)) for page in contents for line in lines(page)[1:]), (
            f"{path.name}: a closing section in the contents"
        )
        body = squeeze(" ".join(pages))
        assert ui["sources"] in body, "the sections are still printed"
    psn = pdf_pages(built_site / "pdf" / f"psn-{lang}.pdf")
    assert sum(lines(p)[0].endswith(ui["pdf_contents"]) for p in psn) <= 2, "the PSN contents fit on two pages"


def test_no_page_of_a_manual_is_nearly_empty_except_a_chapters_last(built_site):
    for path in manual_pdfs(built_site):
        pages = pdf_pages(path)
        headers = [squeeze(lines(p)[0]) for p in pages]  # the running header names the chapter
        for number, page in enumerate(pages[1:-1], start=2):
            body = lines(page)[1:-1]  # less the running header and the page footer
            chapter_goes_on = headers[number] == headers[number - 1]
            assert len(body) >= 4 or not chapter_goes_on, f"{path.name}: page {number} holds {len(body)} lines"


@pytest.mark.parametrize("lang", LANGS)
def test_closing_sections_run_on_without_a_page_break(built_site, lang):
    ui = ui_strings(lang)
    closing = (ui["sources"], ui["legal_acts_title"], ui["related_in_chapter"])
    opened = sections = 0
    for path in manual_pdfs(built_site)[LANGS.index(lang) :: 2]:
        pages, fill = pdf_pages(path), page_fill(path)
        for number, page in enumerate(pages[2:], start=3):
            sections += sum(line.startswith(closing) for line in lines(page)[1:])
            if lines(page)[1].startswith(closing):
                opened += 1
                assert fill[number - 2] > 0.8, f"{path.name}: page {number - 1} ends at {fill[number - 2]:.0%}"
    assert opened * 5 < sections, f"a closing section seldom opens a page: {opened} of {sections} do"
