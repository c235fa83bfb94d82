"""What the core adds to each page, as HTML from our templates (overrides/platforma/): the body of a page made
from data, chosen by a key in its front matter (`practice`, `source_doc`, `sources_index`, `organisation`,
`organisations_index`, `glossary`), a
manual's list of chapters, a chapter's closest practices, and in Markdown the citations of sources and acts,
the glossary links and the abbreviations.  hooks/content.py calls these at MkDocs' page events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from platforma.content import glossary as glossary_core
from platforma.content.legal_acts import CITATION as ACT_CITATION
from platforma.content.legal_acts import (
    LegalAct,
    act_list_view,
    change_notice,
    citation_view,
    citations,
    cited_acts,
    text_parts,
)
from platforma.content.manuals import Chapter, Manual, find_chapter
from platforma.content.site import SiteContent
from platforma.content.sources import CITATION
from platforma.content.ui import ui_strings
from platforma.content.vocabularies import Vocabulary, load_vocabularies
from platforma.markup.entry_markdown import html_for_markdown
from platforma.pages.citations import archived_citation, source_page
from platforma.pages.glossary_links import term_linker
from platforma.pages.network import NETWORK_PICTURE, network_view
from platforma.pages.organisations import directory_view, network_of, organisation_view
from platforma.pages.templates import render_template
from platforma.pages.views import card_view, catalogue_path, edit_url, practice_path, practice_view
from platforma.project import DEFAULT_LANGUAGE, language_prefix, site_path
from platforma.words.order import sort_key


@dataclass(frozen=True)
class PageSetting:
    """Where a page is made: the site's content, the language of this pass, links relative to the page, the
    build's 'today' (review notices), and where a file of the repository is edited (None: nowhere)."""

    content: SiteContent
    lang: str
    link: Callable[[str], str]
    today: dt.date
    edit_base: str | None = None
    engine_script: str = ""
    """The search engine's script (site path), for a page's own text box that uses it."""

    @cached_property
    def ui(self) -> dict[str, str]:
        return ui_strings(self.lang)

    @cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        return load_vocabularies()


def page_markdown(markdown: str, src_uri: str, setting: PageSetting) -> str:
    """A Markdown page's text before it is rendered: in a chapter written in this language, the first use of
    each glossary term linked to its entry; `[source: id]` and `[act: id]` as citations; the glossary's
    abbreviations it uses, explained on hover."""
    content, lang, link = setting.content, setting.lang, setting.link
    written_in = lang if src_uri.endswith(f".{lang}.md") else DEFAULT_LANGUAGE  # else a fallback page
    if written_in == lang and find_chapter(content.manuals, src_uri):
        glossary = link(site_path("glossary/", lang))
        markdown, _ = term_linker(content.glossary, content.thesaurus, lang).link(
            markdown, lambda anchor: f"{glossary}#{anchor}", stop_at=[setting.ui["sources"]]
        )
    markdown = cite_acts(cite_sources(markdown, setting), setting)
    return markdown + glossary_core.abbreviation_block(content.glossary, lang, markdown)


def acts_cited_in(markdown: str, setting: PageSetting) -> list[LegalAct]:
    """The acts a page's Markdown cites, for the list under its text and its change notice."""
    return cited_acts(markdown, setting.content.legal_acts)


def cite_acts(markdown: str, setting: PageSetting) -> str:
    """`[act: id, art. N]` → the act's short citation, linked to its official text (HTML from our template,
    written for Markdown).  Unknown acts were refused when the content loaded."""
    acts = setting.content.legal_acts

    def replace(match) -> str:
        cited = next(citations(match.group()))
        view = citation_view(acts[cited.act_id], setting.lang, cited.locator, cited.historical)
        return html_for_markdown(render_template("act-citation.html", a=view, t=setting.ui))

    return ACT_CITATION.sub(replace, markdown)


def cite_sources(markdown: str, setting: PageSetting) -> str:
    """`[source: id]` → the citation of that archived source, linking to its copy.

    The citation is HTML from our template, written for Markdown (`html_for_markdown`), so that neither a
    title nor a URL is read as Markdown.  Unknown ids were refused when the content loaded.
    """
    sources = setting.content.sources

    def replace(match) -> str:
        citation = archived_citation(sources[match.group(1)], setting.lang, setting.link)
        return html_for_markdown(render_template("citation.html", c=citation, t=setting.ui))

    return CITATION.sub(replace, markdown)


def page_body(html: str, meta: Mapping[str, Any], src_uri: str, title: str, setting: PageSetting) -> str:
    """A page's HTML once its Markdown is rendered, with what the core adds by the kind of page."""
    if "practice" in meta:
        return practice_body(meta["practice"], setting)
    if "source_doc" in meta:
        return source_body(meta["source_doc"], setting)
    if meta.get("sources_index"):
        return sources_index_body(title, setting)
    if "organisation" in meta:
        return organisation_body(meta["organisation"], setting)
    if meta.get("organisations_index"):
        return organisations_index_body(title, setting)
    if meta.get("glossary"):
        return html + glossary_body(setting)
    found = find_chapter(setting.content.manuals, src_uri)
    if found:
        manual, chapter = found
        if chapter is manual.landing:
            return html + manual_landing_body(manual, setting)
        return html + related_practices_body(chapter, setting)
    return html


def acts_list_body(cited: list[LegalAct], setting: PageSetting) -> str:
    """The acts a text cites, with their full titles, after its own list of sources ('' when it cites none)."""
    if not cited:
        return ""
    acts = act_list_view(cited, setting.lang, setting.today)
    return render_template("legal-acts.html", acts=acts, t=setting.ui, lang=setting.lang)


def practice_body(practice_id: str, setting: PageSetting) -> str:
    """A practice's page, made from its entry."""
    content, lang = setting.content, setting.lang
    practice = content.practice(practice_id)
    view = practice_view(
        practice,
        lang,
        relations=content.relations,
        vocabularies=setting.vocabularies,
        ui=setting.ui,
        link=setting.link,
        edit_url=edit_url(setting.edit_base, practice.path),
        today=setting.today,
        sources=content.sources,
        glossary=content.glossary,
    )
    return render_template("practice.html", p=view, t=setting.ui, lang=lang)


def source_body(source_id: str, setting: PageSetting) -> str:
    """An archived source's page: its text as received, and the practices that cite it."""
    lang, link = setting.lang, setting.link
    source = setting.content.sources[source_id]
    cited_by = [
        {"title": p.title.get(lang), "url": link(practice_path(p.id, lang))}
        for p in setting.content.practices
        if any(s.source == source.id for s in p.sources)
    ]
    return render_template("source.html", s=source_page(source, lang), cited_by=cited_by, t=setting.ui, lang=lang)


def sources_index_body(title: str, setting: PageSetting) -> str:
    """The list of archived sources, in alphabetical order of their titles."""
    lang = setting.lang
    ordered = sorted(setting.content.sources.values(), key=lambda s: sort_key(s.title[lang]))
    cards = [archived_citation(s, lang, setting.link) for s in ordered]
    return render_template("sources-index.html", title=title, sources=cards, t=setting.ui, lang=lang)


def organisation_body(organisation_id: str, setting: PageSetting) -> str:
    """An organisation's page: what it did, with whom, for whom and where, and its sources."""
    content = setting.content
    view = organisation_view(
        content.organisations[organisation_id],
        network_of(content.practices),
        content.organisations,
        setting.lang,
        vocabularies=setting.vocabularies,
        ui=setting.ui,
        link=setting.link,
        sources=content.sources,
    )
    return render_template("organisation.html", o=view, t=setting.ui, lang=setting.lang)


def organisations_index_body(title: str, setting: PageSetting) -> str:
    """The directory of organisations: the list with its filters, who worked with whom, the open data."""
    content, lang, link = setting.content, setting.lang, setting.link
    network = network_of(content.practices)
    return render_template(
        "organisations-index.html",
        title=title,
        directory=directory_view(content.organisations, network, lang, setting.vocabularies, link),
        network=network_view(content.organisations, network, lang, setting.vocabularies, link),
        picture_url=link(NETWORK_PICTURE.format(prefix=language_prefix(lang))),
        search_url=link(f"search/{lang}.json"),
        engine_url=link(setting.engine_script),
        downloads={"csv": link("data/organisations.csv"), "hsds": link("data/hsds/organizations.json")},
        t=setting.ui,
        lang=lang,
    )


def glossary_body(setting: PageSetting) -> str:
    """The glossary's terms by letter, with their citations and, where the law changed after a term's
    review, the notice."""
    content, lang, link = setting.content, setting.lang, setting.link
    terms = glossary_core.sorted_terms(content.glossary_cited, lang)
    acts = content.legal_acts
    for row in terms:
        row["citations"] = [archived_citation(content.sources[i], lang, link) for i in row.pop("archived")]
        reviewed, cited = row.pop("last_reviewed"), cited_acts(f"{row['definition']}\n{row['source']}", acts)
        row["notice"] = change_notice(cited, reviewed, setting.today, lang, setting.ui) if reviewed else None
        row["definition"] = text_parts(row["definition"], acts, lang)
        row["source"] = text_parts(row["source"], acts, lang)
    groups = glossary_core.letter_groups(terms)
    letters = glossary_core.letter_index(groups, lang)
    return render_template("glossary.html", groups=groups, letters=letters, t=setting.ui, lang=lang)


def manual_landing_body(manual: Manual, setting: PageSetting) -> str:
    """A manual's landing page: its chapters, its review date and audience."""
    lang = setting.lang
    chapters = [
        {"title": c.title(lang), "url": setting.link(site_path(c.src_uri.removesuffix(".md") + "/", lang))}
        for c in manual.chapters
    ]
    return render_template(
        "manual-landing.html",
        chapters=chapters,
        manual=manual,
        t=setting.ui,
        lang=lang,
        reviewed=manual.last_reviewed.isoformat(),
        audience=manual.landing.front(lang).audience,
    )


def related_practices_body(chapter: Chapter, setting: PageSetting) -> str:
    """A chapter's closest practices, with a link to all of them in the catalogue ('' when none)."""
    lang = setting.lang
    meta = chapter.front(lang)
    shown, total = chapter.listed_practices(setting.content.practices, lang)
    if not shown:
        return ""
    facet, codes = ("group", meta.related_groups) if meta.related_groups else ("theme", meta.related_themes)
    more = {
        "total": total,
        "url": setting.link(catalogue_path(lang, "?" + "&".join(f"{facet}={code}" for code in codes))),
        "label": setting.ui[f"related_more_{facet}"],
    }
    cards = [card_view(p, lang, setting.vocabularies, setting.link) for p in shown]
    return render_template("related.html", cards=cards, more=more, t=setting.ui, lang=lang)
