"""hooks/templates.py: which pages share a rendered navigation, and that a shared fragment is rendered once.

The byte-identical build test compares a whole build with fragments shared against one without; these tests
pin the rule itself on small navigations.
"""

from __future__ import annotations

import jinja2
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

import templates


def _config() -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": "docs", "site_dir": "site"})
    errors, _ = config.validate()
    assert not errors
    return config


CONFIG = _config()


def page(src: str, *, directory_urls: bool = True) -> Page:
    return Page("T", File(src, "docs", "site", directory_urls), CONFIG)


def navigation(*items: Page | Link | Section) -> Navigation:
    pages = [item for item in items if isinstance(item, Page)]
    pages += [
        child for item in items if isinstance(item, Section) for child in item.children if isinstance(child, Page)
    ]
    return Navigation(list(items), pages)


def key(nav: Navigation, of: Page) -> tuple[str, str] | None:
    return templates._Fragments(nav).folder_outside_nav("nav", of, {})


def test_pages_of_one_folder_outside_the_navigation_share_it_and_other_folders_do_not():
    nav = navigation(page("index.md"), Section("Manual", [page("manuals/a.md")]))
    first, second, other = page("practices/one.md"), page("practices/two.md"), page("sources/one.md")
    assert key(nav, first) == key(nav, second) == ("nav", "practices")
    assert key(nav, other) == ("nav", "sources")


def test_a_page_in_the_navigation_renders_its_own():
    chapter = page("manuals/a.md")
    nav = navigation(page("index.md"), Section("Manual", [chapter]))
    assert key(nav, chapter) is None


def test_a_page_the_navigation_links_to_or_below_renders_its_own():
    hub = page("practices/hub.md")
    nav = navigation(page("index.md"), Link("Below the hub", "practices/hub/part/"))
    assert key(nav, hub) is None
    assert key(nav, page("practices/other.md")) == ("nav", "practices")


def test_a_page_whose_address_is_a_file_renders_its_own():
    nav = navigation(page("index.md", directory_urls=False))
    assert key(nav, page("practices/one.md", directory_urls=False)) is None


@pytest.mark.parametrize(("switch", "renders"), [(None, 1), ("0", 2)])
def test_a_shared_fragment_is_rendered_once_unless_switched_off(monkeypatch, switch, renders):
    if switch is not None:
        monkeypatch.setenv("PLATFORMA_FRAGMENT_CACHE", switch)
    else:
        monkeypatch.delenv("PLATFORMA_FRAGMENT_CACHE", raising=False)
    calls: list[str] = []
    env = jinja2.Environment(autoescape=True)
    env.globals.update(pw_same_outside_nav=templates.same_outside_nav, count=lambda url: calls.append(url) or "")
    template = env.from_string('{% call pw_same_outside_nav("nav") %}<nav>{{ count(page.url) }}</nav>{% endcall %}')
    nav = navigation(page("index.md"))
    outputs = [template.render(nav=nav, page=page(src)) for src in ("practices/one.md", "practices/two.md")]
    assert outputs == ["<nav></nav>", "<nav></nav>"]
    assert len(calls) == renders


def test_a_fragment_that_links_to_the_root_folders_is_shared_by_depth_and_reads_as_if_rendered_per_page(monkeypatch):
    from mkdocs.utils.templates import url_filter

    env = jinja2.Environment(autoescape=True)
    env.filters["url"] = url_filter
    env.globals["pw_same_at_depth"] = templates.same_at_depth
    template = env.from_string('{% call pw_same_at_depth("x") %}{{ "assets/search.js" | url }}{% endcall %}')
    nav = navigation(page("index.md"))
    pages = [page(src) for src in ("practices/one.md", "sources/two.md", "manuals/psn/three.md", "about.md")]

    def rendered() -> list[str]:
        return [template.render(nav=nav, page=p, base_url="../" * p.url.count("/")) for p in pages]

    shared = rendered()
    monkeypatch.setenv("PLATFORMA_FRAGMENT_CACHE", "0")
    assert (
        shared
        == rendered()
        == ["../../assets/search.js", "../../assets/search.js", "../../../assets/search.js", "../assets/search.js"]
    )
