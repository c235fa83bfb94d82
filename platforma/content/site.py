"""All content of the site, loaded and validated once per build, shared by every hook."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from platforma.content.glossary import Term, archived_problems, load_glossary
from platforma.content.legal_acts import (
    LegalAct,
    act_citation_problems,
    act_number_problems,
    cited_acts,
    load_legal_acts,
    plain_citations,
)
from platforma.content.manuals import Manual, load_manuals, read_front_matter
from platforma.content.markdown_files import front_matter, page_problems, read_text
from platforma.content.organisations import Organisation, load_organisations
from platforma.content.practices import Practice, load_practices
from platforma.content.published import docs_problems, owned_paths
from platforma.content.readable_files import unsafe_file, unsafe_files
from platforma.content.relations import Relations
from platforma.content.safe_yaml import Problem
from platforma.content.schema import check_vocabularies
from platforma.content.sources import SourceDocument, citation_problems, load_sources
from platforma.content.thesaurus import SynonymGroup, load_thesaurus
from platforma.content.ui import check_ui_strings
from platforma.dates import source_date_moment
from platforma.markup.language_marks import without_language_marks
from platforma.project import DATA_DIR, DOCS_DIR, MANUALS_DIR, PRACTICES_DIR, ROOT, display_path


@dataclass
class SiteContent:
    """Practices, manuals, glossary and search thesaurus of one build, or the problems that stop it."""

    practices: list[Practice] = field(default_factory=list)
    manuals: list[Manual] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing_en: list[str] = field(default_factory=list)
    thesaurus: list[SynonymGroup] = field(default_factory=list)
    sources: dict[str, SourceDocument] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    icon_dirs: tuple[Path, ...] = ()
    legal_acts: dict[str, LegalAct] = field(default_factory=dict)
    glossary_cited: list[Term] = field(default_factory=list)
    """The glossary as written, citations of acts included (`glossary` has them as text)."""
    _relations: Relations | None = field(default=None, repr=False, compare=False)

    @property
    def relations(self) -> Relations:
        """Parents, children and related practices (built on first use)."""
        if self._relations is None or len(self._relations.by_id) != len(self.practices):
            self._relations = Relations.of(self.practices)
        return self._relations

    def practice(self, practice_id: str) -> Practice:
        """The practice with this id."""
        return self.relations.by_id[practice_id]


def load_site_content(
    theme_files: Collection[str] = (), icon_dirs: Collection[Path] = (), checkpoint: Callable[[], None] | None = None
) -> SiteContent:
    """Read and check every practice, manual, glossary and thesaurus file, the pages of docs/ and what docs/
    would publish beside them (`theme_files`: the paths the theme publishes; `icon_dirs`: its icon folders);
    never raises on bad content.  `checkpoint` is called between practice files and may raise to stop the
    reading (the preview stops a build when the editor saves again)."""
    unsafe = unsafe_files()
    if unsafe:  # nothing is read through a link out of the project
        return SiteContent(problems=unsafe)
    broken = check_vocabularies() + check_ui_strings()
    if broken:  # every other check reads the vocabularies, and the build the interface strings
        return SiteContent(problems=broken)
    sources, source_problems = load_sources()
    known_sources = set(sources) if not source_problems else None
    organisations, organisation_problems = load_organisations(known_sources=known_sources)
    result = load_practices(known_sources=known_sources, organisations=organisations, checkpoint=checkpoint)
    manuals, manual_problems, missing_en = load_manuals()
    terms, glossary_problems = load_glossary()
    thesaurus, thesaurus_problems = load_thesaurus(glossary=None if glossary_problems else terms)
    citations = [] if source_problems else markdown_citation_problems(sources) + archived_problems(terms, sources)
    problems = (
        source_problems
        + organisation_problems
        + result.problems
        + manual_problems
        + glossary_problems
        + thesaurus_problems
        + citations
    )
    manual_files = [path.relative_to(ROOT).as_posix() for path in sorted(MANUALS_DIR.glob("*/*.md"))]
    owned = owned_paths([p.id for p in result.practices], sources, manual_files, theme_files)
    problems += docs_problems(owned)
    pages = sorted(DOCS_DIR.rglob("*.md"))
    problems += [problem for path in pages for problem in page_problems(path, display_path(path), icon_dirs)]
    acts, act_problems = load_legal_acts(today=source_date_moment().date())
    legal = legal_texts(acts) if not act_problems else []
    return SiteContent(
        result.practices,
        manuals,
        [_plain_term(term, acts) for term in terms],
        problems + act_problems + legal,
        missing_en,
        thesaurus,
        sources=sources,
        organisations=organisations,
        icon_dirs=tuple(icon_dirs),
        legal_acts=acts,
        glossary_cited=terms,
    )


def _plain_term(term: Term, acts: dict[str, LegalAct]) -> Term:
    """`term` with its citations of acts written out and its language marks taken away, as text (for tooltips,
    abbreviations and search)."""

    def plain(texts: dict[str, str] | None) -> dict[str, str] | None:
        if not texts:
            return texts
        return {lang: without_language_marks(plain_citations(text, acts, lang)) for lang, text in texts.items()}

    return replace(term, definition=plain(term.definition), source=plain(term.source), expansion=plain(term.expansion))


def legal_texts(acts: dict[str, LegalAct], files: list[Path] | None = None) -> list[Problem]:
    """What the build refuses in the legal citations of `files` (default: the manuals, the pages and the glossary):
    unknown acts, acts no longer in force cited as current, and act numbers written by hand."""
    today = source_date_moment().date()
    if files is None:
        files = [*sorted(MANUALS_DIR.glob("*/*.md")), *sorted(DOCS_DIR.rglob("*.md")), DATA_DIR / "glossary.yml"]
    problems: list[Problem] = []
    for path in files:
        text, _ = read_text(path, display_path(path)) if path.is_file() else (None, [])
        if text:
            problems += act_citation_problems(text, display_path(path), acts, today)
            problems += act_number_problems(text, display_path(path))
            if path.is_relative_to(DOCS_DIR) and cited_acts(text, acts) and not _page_reviewed(text):
                message = "a page that cites a legal act needs last_reviewed: in its front matter"
                problems.append(Problem(display_path(path), 1, 1, message))
    return problems


def _page_reviewed(text: str) -> bool:
    doc, _ = front_matter(text, "")
    return doc is not None and isinstance(doc.data, dict) and bool(doc.data.get("last_reviewed"))


def after_saving(content: SiteContent, saved: set[Path]) -> SiteContent:
    """`content` once the files `saved` (practice entries and Markdown texts) were changed in place.

    For the preview's fast lane, which takes only saves that add or remove no file and change no front
    matter, title, data or source: the practices are read again if an entry was saved (unchanged
    entries come from the loader's cache), the saved texts are checked again, and everything else is
    kept.  The full build that follows checks everything.
    """
    problems = [problem for path in sorted(saved) if (problem := unsafe_file(path))]
    for path in sorted(p for p in saved if p.suffix == ".md"):
        if path.parent.parent == MANUALS_DIR:
            problems += read_front_matter(path)[1]  # also checks how deep its lists nest
        else:  # a docs/ page: its front matter is unchanged (else the lane is not taken), its text is read again
            problems += page_problems(path, display_path(path), content.icon_dirs)
        problems += citation_problems(path, content.sources)
        problems += legal_texts(content.legal_acts, [path])
    if not any(path.parent == PRACTICES_DIR for path in saved):
        return replace(content, problems=problems)
    result = load_practices(known_sources=set(content.sources), organisations=content.organisations)
    return replace(content, practices=result.practices, problems=problems + result.problems, _relations=None)


def markdown_citation_problems(sources: dict[str, SourceDocument]) -> list[Problem]:
    """`[source: id]` citations in manuals and pages that name no archived source."""
    files = sorted([*MANUALS_DIR.glob("*/*.md"), *DOCS_DIR.rglob("*.md")])
    return [problem for path in files for problem in citation_problems(path, sources)]


_current = SiteContent()


def set_current(content: SiteContent) -> None:
    """Called by hooks/content.py once per build, before other hooks need the content."""
    global _current
    _current = content


def current() -> SiteContent:
    """The content of the build in progress (what hooks/content.py loaded in on_config)."""
    return _current
