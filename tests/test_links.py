"""Quality gate: every internal link of the built site reaches a file, and every #anchor exists.

Reads every HTML page of the real build (both languages) and checks each `href` and `src`
that points inside the site: relative links, root-relative links, and absolute links under
`site_url` (canonical links, the 404 page).  A link to a page must reach an existing file;
a fragment must name an `id` (or `<a name>`) on the target page.  External links are not
fetched: the site makes no third-party requests and the tests run without a network.
"""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from export_schema import site_url

LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "blob:")


class _Page(HTMLParser):
    """Collects the links and the anchor targets of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, int]] = []
        self.anchors: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None and not (tag == "object" and name != "data"):
                self.links.append((tag, value.strip(), self.getpos()[0]))
            if name == "srcset" and value:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((tag, candidate.strip().split()[0], self.getpos()[0]))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _target_file(site: Path, url_path: str) -> Path | None:
    """The file a site path is served from, as a static host would find it."""
    candidate = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, base_url: str) -> list[str]:
    """Every internal link of the built `site` that leads nowhere, as `page:line: link (why)`."""
    problems: list[str] = []
    root = urlsplit(base_url)
    for html in sorted(site.rglob("*.html")):
        page_path = "/" + html.relative_to(site).as_posix()
        page_url = f"{root.scheme}://{root.netloc}{page_path}"
        page = _parse(html)
        here = urljoin(page_url, page.base) if page.base else page_url
        for tag, link, line in page.links:
            if not link or link.startswith(SKIPPED_SCHEMES) or link.startswith("javascript:"):
                if link.startswith("javascript:"):
                    problems.append(f"{page_path}:{line}: {link} (javascript: link)")
                continue
            absolute = urlsplit(urljoin(here, link))
            if (absolute.scheme, absolute.netloc) != (root.scheme, root.netloc):
                continue  # another site: not checked here
            if not absolute.path.startswith(root.path):
                problems.append(f"{page_path}:{line}: {link} (outside the site)")
                continue
            inside = "/" + absolute.path[len(root.path) :]
            target = _target_file(site, inside)
            if target is None:
                problems.append(f"{page_path}:{line}: <{tag}> {link} (no such file)")
                continue
            if absolute.fragment and target.suffix == ".html":
                fragment = unquote(absolute.fragment)
                if fragment not in _parse(target).anchors:
                    problems.append(f"{page_path}:{line}: {link} (no id '{fragment}' on that page)")
    return problems


def test_every_internal_link_and_anchor_resolves(built_site):
    problems = broken_links(built_site, site_url())
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:100])


def test_the_check_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="../b/">missing page</a>'
        '<a href="#nowhere">missing anchor</a><img src="../img.png"><a href="https://example.net/x">external</a>'
        '<a href="https://platforma.example/a/#here">absolute ok</a>'
        '<a href="https://platforma.example/c/">absolute bad</a>',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path, "https://platforma.example/")
    assert [p.split(": ", 1)[1] for p in problems] == [
        "<a> ../b/ (no such file)",
        "#nowhere (no id 'nowhere' on that page)",
        "<img> ../img.png (no such file)",
        "<a> https://platforma.example/c/ (no such file)",
    ]


@pytest.mark.parametrize("page", ["index.html", "en/index.html", "submit/index.html", "en/submit/index.html"])
def test_pages_link_to_the_submission_form(built_site, page):
    links = [link for _, link, _ in _parse(built_site / page).links]
    assert any(link.rstrip("/").endswith("submit") for link in links), "the navigation names the form"
