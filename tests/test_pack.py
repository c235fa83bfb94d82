"""The training pack: a trainer ticks chapters and practices and prints them as one document."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from conftest import pdf_pages, squeeze
from platforma.content.manuals import Chapter
from platforma.content.site import load_site_content
from platforma.pages.pack import (
    PackItem,
    bucket_script,
    chapter_key,
    data_of,
    item_script,
    pack_groups,
    practice_item,
    scripts_in,
)
from platforma.pages.views import catalogue_order

CHAPTER = "psn/05-unaccompanied-minors"
CHAPTER_TITLE = {"pl": "Małoletni bez opieki", "en": "Unaccompanied minors"}
PRACTICE = "avr-project"


class _Boxes(HTMLParser):
    """The pack page's tick boxes: (name, value, data-src) and the site root it gives."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes: list[tuple[str, str, str]] = []
        self.root = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox" and "data-src" in a:
            self.boxes.append((a["name"], a["value"], a["data-src"]))
        if "data-pw-pack" in a:
            self.root = a["data-root"]


def _boxes(html: str) -> _Boxes:
    parser = _Boxes()
    parser.feed(html)
    return parser


def _received(script: str, item_id: str | None = None) -> dict:
    """What one item's script carries; with `item_id`, `script` is a file of several and the item's is taken."""
    if item_id is not None:
        script = scripts_in(script)[item_id]
    prefix, suffix = "window.PlatformaPack&&window.PlatformaPack.receive(", ");\n"
    assert script.startswith(prefix) and script.endswith(suffix) and script.count("\n") == 1
    data = json.loads(script[len(prefix) : -len(suffix)])
    assert data_of(script) == data
    return data


# ---------------------------------------------------------------- the core


def test_chapter_keys():
    assert chapter_key(Chapter("05-unaccompanied-minors", "manuals/psn/05-unaccompanied-minors.md")) == CHAPTER
    assert chapter_key(Chapter("index", "manuals/psn/index.md")) == "psn/index"


def test_the_list_holds_every_chapter_by_manual_then_the_practices_in_catalogue_order():
    content = load_site_content()
    for lang in ("pl", "en"):
        ordered = catalogue_order(content.relations, lang).practices
        groups = pack_groups(content.manuals, ordered, lang, "Practices")
        assert [g.title for g in groups] == [m.title(lang) for m in content.manuals] + ["Practices"]
        for group, manual in zip(groups, content.manuals, strict=False):
            assert [i.title for i in group.items] == [c.title(lang) for c in [manual.landing, *manual.chapters]]
        assert [i.key for i in groups[-1].items] == [p.id for p in ordered]
        files = [i.script_path for g in groups for i in g.items]
        assert all(re.fullmatch(r"pack/items/[0-9a-f]{2}\.js", f) for f in files)
        assert len(set(files)) < len(files)  # a few items share a file (there are more items than 16 here)


def test_an_item_script_carries_hostile_text_as_a_string():
    title = 'A </script><script>alert("PWN")</script> \u2028 title'
    html = "<p>text</p><!-- </script> --><img src=x onerror=alert(1)>"
    item = PackItem("p", "x", title)
    script = item_script(item, html, "practices/x/", note="Last reviewed: 2026-01-01")
    assert "<" not in script and "\u2028" not in script  # nothing can end a script element or a JS line
    data = _received(script)
    assert data == {
        "kind": "p",
        "key": "x",
        "title": title,
        "url": "practices/x/",
        "html": html,
        "note": "Last reviewed: 2026-01-01",
    }


def test_manual_folders_with_any_name_get_a_safe_script_name():
    chapter = Chapter("01-a", 'manuals/a b"<x>/01-a.md')
    item = PackItem("c", chapter_key(chapter), "T")
    assert re.fullmatch(r"pack/items/[0-9a-f]{2}\.js", item.script_path)


def test_a_file_of_several_items_gives_back_each_script_and_refuses_anything_else():
    title = 'A </script><script>alert("PWN")</script> \u2028 title\nsecond line'
    scripts = {
        f"p:{key}": item_script(PackItem("p", key, title), f"<p>{key}</p>\n<p>more</p>", f"practices/{key}/")
        for key in ("b", "a", "c")
    }
    text = bucket_script(scripts)
    assert text.count("\n") == 3 and "<" not in text and "\u2028" not in text
    assert scripts_in(text) == scripts
    assert list(scripts_in(text)) == ["p:a", "p:b", "p:c"]  # in id order: the same bytes every build
    assert _received(text, "p:b")["html"] == "<p>b</p>\n<p>more</p>"
    for bad in ("alert(1)\n", text + "alert(1)\n", text.replace(");\n", ")\n", 1)):
        with pytest.raises(ValueError):
            scripts_in(bad)


def test_a_dirty_build_keeps_the_scripts_of_the_pages_it_did_not_make_again(tmp_path, monkeypatch):
    import pack as pack_hook
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from platforma.content import site

    content = load_site_content()
    monkeypatch.setattr(site, "_current", content)  # what the hook reads (site.current()), restored after the test
    monkeypatch.setattr(pack_hook, "current_language", lambda config: "pl")
    by_file: dict[str, list] = {}
    for practice in content.practices:
        by_file.setdefault(practice_item(practice, "pl").script_path, []).append(practice)
    shared = next(practices for practices in by_file.values() if len(practices) >= 2)
    config = type("Config", (), {"site_dir": str(tmp_path)})()

    def files(contents: dict[str, str | None]):
        pages = []
        for practice in shared:
            page = Page(practice.title.get("pl"), File(f"practices/{practice.id}.md", "docs", "site", True), {})
            page.meta = {"practice": practice.id}
            page.content = contents[practice.id]
            pages.append(page.file)
        return type("Files", (), {"documentation_pages": lambda self: pages})()

    first, second = shared[0].id, shared[1].id
    pack_hook.on_env(None, config, files({p.id: f"<p>{p.id} first</p>" for p in shared}))
    path = tmp_path / practice_item(shared[0], "pl").script_path
    # a dirty build made only the first page again: the second keeps its script
    pack_hook.on_env(None, config, files({first: "<p>changed</p>", **{p.id: None for p in shared[1:]}}))
    text = path.read_text(encoding="utf-8")
    assert _received(text, f"p:{first}")["html"] == "<p>changed</p>"
    assert _received(text, f"p:{second}")["html"] == f"<p>{second} first</p>"
    # a full build writes the file from its own pages only
    pack_hook.on_env(None, config, files({p.id: "<p>full</p>" for p in shared}))
    assert {data_of(s)["html"] for s in scripts_in(path.read_text(encoding="utf-8")).values()} == {"<p>full</p>"}


# ---------------------------------------------------------------- the built site


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_ticked_page_has_its_script_with_its_content(built_site, lang):
    prefix = "" if lang == "pl" else "en/"
    page = built_site / prefix / "pack" / "index.html"
    found = _boxes(page.read_text(encoding="utf-8"))
    boxes, root = found.boxes, page.parent / found.root
    content = load_site_content()
    chapters = sum(1 + len(m.chapters) for m in content.manuals)
    assert [b[0] for b in boxes].count("c") == chapters
    assert sorted(b[1] for b in boxes if b[0] == "p") == sorted(p.id for p in content.practices)
    for kind, key, src in boxes:
        script = (page.parent / src).resolve()
        data = _received(script.read_text(encoding="utf-8"), f"{kind}:{key}")
        assert (data["kind"], data["key"]) == (kind, key)
        assert (root / data["url"] / "index.html").resolve().is_file(), data["url"]  # links resolve from there
        assert data["url"].startswith(prefix) and (prefix or not data["url"].startswith("en/")), data["url"]
    chapter = next(b for b in boxes if b[1] == CHAPTER)
    data = _received((page.parent / chapter[2]).resolve().read_text(encoding="utf-8"), f"c:{CHAPTER}")
    assert data["title"] == CHAPTER_TITLE[lang]
    assert data["note"].endswith(tuple("0123456789")) and "<h2" in data["html"]


# ---------------------------------------------------------------- in the browser


def _pack(page, base: str, lang: str = "pl", query: str = "") -> None:
    page.goto(f"{base}/{'' if lang == 'pl' else 'en/'}pack/{query}")
    page.wait_for_function("document.querySelector('[data-pw-pack-status]').textContent !== ''")


def _ticked(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-pw-pack-picker] input:checked", "boxes => boxes.map(b => b.name + ':' + b.value)"
    )


def _contents(page) -> list[str]:
    page.locator("[data-pw-pack-doc]").wait_for(state="visible")
    return page.eval_on_selector_all("[data-pw-pack-toc] a", "links => links.map(a => a.textContent)")


def test_a_pack_goes_round_its_address(browser, served_site):
    first = browser.new_context()
    page = first.new_page()
    _pack(page, served_site)
    assert page.locator("[data-pw-pack-doc]").is_hidden()
    assert page.locator("[data-pw-pack-print]").is_disabled()
    page.get_by_label(CHAPTER_TITLE["pl"], exact=True).check()
    practice_box = page.locator(f"input[name=p][value={PRACTICE}]")
    practice_box.check()
    practice_title = practice_box.locator("xpath=..").inner_text().strip()
    page.wait_for_function("document.querySelectorAll('[data-pw-pack-items] > section').length === 2")
    query = urlparse(page.url).query
    assert query == f"c={CHAPTER}&p={PRACTICE}"
    assert page.locator("[data-pw-pack-address]").input_value() == page.url
    assert _contents(page) == [CHAPTER_TITLE["pl"], practice_title]
    chapter = page.locator("[data-pw-pack-items] > section").first
    assert chapter.locator("h1").inner_text() == CHAPTER_TITLE["pl"]
    assert "Najlepszy interes dziecka" in chapter.inner_text()
    assert not page.locator("[data-pw-pack-items] a.headerlink").count()
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))
    # a colleague opens the address in another browser (nothing stored): the same pack
    second = browser.new_context()
    other = second.new_page()
    _pack(other, served_site, query="?" + query)
    assert _ticked(other) == [f"c:{CHAPTER}", f"p:{PRACTICE}"]
    assert _contents(other) == [CHAPTER_TITLE["pl"], practice_title]
    # a link inside a page of the pack still leads where it did on that page
    href = other.locator("[data-pw-pack-items] > section").first.locator("a[href*='glossary']").first
    other.goto(href.get_attribute("href"))
    assert urlparse(other.url).path == "/glossary/"
    first.close()
    second.close()


def test_the_pack_prints_without_the_page_around_it(browser, served_site, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    _pack(page, served_site, query=f"?c={CHAPTER},coi/05-note-template&p={PRACTICE}")
    _contents(page)
    page.emulate_media(media="print")
    for hidden in ("[data-pw-pack-picker]", "[data-pw-pack-actions]", ".md-header", ".md-content h1 >> nth=0"):
        assert page.locator(hidden).is_hidden(), hidden
    pdf = tmp_path / "pack.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = pdf_pages(pdf)
    assert "Pakiet szkoleniowy" in pages[0] and "Wybierz rozdziały" not in squeeze(" ".join(pages))
    cover = squeeze(pages[0])
    assert "Ten pakiet online:" in cover and page.url in "".join(cover.split())  # the address may wrap
    assert "Treści na licencji CC BY 4.0" in cover
    assert "Spis treści" in pages[1]
    starts = [squeeze(p)[:80] for p in pages]
    assert sum(s.startswith(CHAPTER_TITLE["pl"]) for s in starts) == 1  # each page of the pack starts a sheet
    assert sum(s.startswith("Szablon notatki COI") for s in starts) == 1
    context.close()


def test_chapters_and_the_catalogue_fill_the_pack(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served_site}/manuals/{CHAPTER}/")
    switch = page.locator("[data-pw-pack-item] button")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true" and switch.inner_text() == "Usuń z pakietu szkoleniowego"
    assert page.locator("[data-pw-pack-item] [data-pw-pack-open]").inner_text() == "Pakiet szkoleniowy (1)"
    # the catalogue, filtered to one target group: its button adds exactly the practices it selects
    page.goto(f"{served_site}/practices/?group=unaccompanied_minors")
    page.wait_for_selector(".pw-cat--ready")
    shown = page.eval_on_selector_all("[data-pw-cards] > [data-id]:not([hidden])", "cs => cs.map(c => c.dataset.id)")
    assert 0 < len(shown) < len(load_site_content().practices)
    page.locator("[data-pw-pack-shown] button").click()
    assert page.locator("[data-pw-pack-shown] [role=status]").inner_text() == f"Dodano do pakietu: {len(shown)}."
    _pack(page, served_site)
    assert _ticked(page)[0] == f"c:{CHAPTER}"
    assert sorted(_ticked(page)[1:]) == sorted(f"p:{i}" for i in shown)
    assert urlparse(page.url).query.startswith(f"c={CHAPTER}&p=")
    # in English, the same choice (keys do not depend on the language), English words
    _pack(page, served_site, lang="en")
    assert len(_ticked(page)) == 1 + len(shown)
    assert _contents(page)[0] == CHAPTER_TITLE["en"]
    glossary = page.locator("[data-pw-pack-items] > section").first.locator("a[href*='glossary']").first
    assert urlparse(glossary.get_attribute("href")).path == "/en/glossary/"  # the English page's own links
    assert page.locator("[data-pw-pack-print]").inner_text() == "Print or save as PDF"
    page.locator("[data-pw-pack-clear]").click()
    assert _ticked(page) == [] and page.locator("[data-pw-pack-doc]").is_hidden()
    page.goto(f"{served_site}/en/manuals/{CHAPTER}/")
    assert page.locator("[data-pw-pack-item] button").inner_text() == "Add to the training pack"
    context.close()


def test_unknown_keys_in_an_address_are_ignored(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    _pack(page, served_site, query=f"?p={PRACTICE},no-such-practice,%3Cimg%20src%3Dx%3E&c=../../etc&x=1")
    assert _ticked(page) == [f"p:{PRACTICE}"]
    assert urlparse(page.url).query == f"p={PRACTICE}"
    context.close()


def test_the_pack_page_is_in_the_navigation(built_site):
    for prefix, label in (("", "Pakiet szkoleniowy"), ("en/", "Training pack")):
        html = (built_site / prefix / "index.html").read_text(encoding="utf-8")
        link = re.search(r'<a href="pack/"[^>]*>(.*?)</a>', html, re.S)
        assert link and label in link.group(1)
        assert (built_site / prefix / "pack" / "index.html").is_file()


def test_the_list_narrows_to_the_words_typed_and_keeps_what_is_ticked(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    _pack(page, served_site, query=f"?p={PRACTICE}")
    page.locator("#pw-pack-filter").fill("maloletni")  # no diacritics: finds "Małoletni"
    shown = page.eval_on_selector_all(
        "[data-pw-pack-picker] li:not([hidden])", "items => items.map(li => li.textContent.trim())"
    )
    everything = page.locator("[data-pw-pack-picker] li").count()
    assert CHAPTER_TITLE["pl"] in shown and len(shown) < everything
    practice = page.locator(f"input[name=p][value={PRACTICE}]").locator("xpath=..").inner_text().strip()
    assert all("małoletni" in t.lower() or t == practice for t in shown), shown  # the ticked one stays
    page.locator("#pw-pack-filter").fill("")
    assert page.locator("[data-pw-pack-picker] li:not([hidden])").count() == everything
    context.close()


def test_a_page_that_cannot_be_loaded_is_named(browser, served_site):
    context = browser.new_context()
    context.route("**/pack/items/*.js", lambda route: route.abort())
    page = context.new_page()
    _pack(page, served_site, query=f"?c={CHAPTER}")
    page.wait_for_function("document.querySelector('[data-pw-pack-status]').textContent.startsWith('Nie udało')")
    assert page.locator("[data-pw-pack-status]").inner_text() == f"Nie udało się wczytać strony: {CHAPTER_TITLE['pl']}"
    assert page.locator("[data-pw-pack-doc]").is_hidden() and page.locator("[data-pw-pack-print]").is_disabled()
    context.close()
