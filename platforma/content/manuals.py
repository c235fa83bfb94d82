"""Manuals: `manuals/<slug>/` folders of ordered chapters with checked front matter."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platforma.content.limits import with_limits, written_date_problem
from platforma.content.markdown_files import body_problems, read_text
from platforma.content.practices import Practice
from platforma.content.relations import CHAPTER_RELATED_LIMIT, most_related
from platforma.content.safe_yaml import Document, Problem, YamlRefused, parse_yaml_text
from platforma.content.schema_messages import SchemaValidator, describe_errors
from platforma.content.schema_parts import DATE
from platforma.content.vocabularies import load_vocabularies
from platforma.dates import ReviewCycle, source_date_moment
from platforma.project import MANUALS_DIR, display_path

_CHAPTER = re.compile(r"^(\d{2})-[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = DATE


def _front_matter_schema() -> dict[str, Any]:
    vocabularies = load_vocabularies()
    return with_limits(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "last_reviewed"],
            "properties": {
                "title": {"type": "string", "minLength": 1},
                "last_reviewed": _DATE,
                "review_every_months": {"type": "integer", "minimum": 1, "maximum": 120},
                "information_date": _DATE,
                "research_cutoff": _DATE,
                "audience": {"type": "string", "minLength": 1},
                "order": {
                    "type": "integer",
                    "minimum": 1,
                    "x-hint": "position of the manual in the menu (landing page)",
                },
                "related": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "target_groups": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "x-vocabulary": "target_groups",
                                "enum": vocabularies["target_groups"].codes,
                            },
                        },
                        "themes": {
                            "type": "array",
                            "items": {"type": "string", "x-vocabulary": "themes", "enum": vocabularies["themes"].codes},
                        },
                    },
                },
            },
        }
    )


@dataclass(frozen=True)
class PageMeta(ReviewCycle):
    """Checked front matter of one Markdown file of a manual."""

    path: str
    title: str
    last_reviewed: dt.date
    review_every_months: int = 24
    information_date: str | None = None
    research_cutoff: str | None = None
    audience: str | None = None
    order: int = 1000
    related_groups: tuple[str, ...] = ()
    related_themes: tuple[str, ...] = ()


@dataclass
class Chapter:
    """One chapter: its slug (file stem) and the front matter of each language present."""

    slug: str
    src_uri: str
    meta: dict[str, PageMeta] = field(default_factory=dict)

    def front(self, lang: str) -> PageMeta:
        """The front matter of the chapter in `lang` (the Polish one where it has no page in `lang`)."""
        return self.meta.get(lang) or self.meta["pl"]

    def title(self, lang: str) -> str:
        return self.front(lang).title

    def listed_practices(self, practices: Sequence[Practice], lang: str) -> tuple[list[Practice], int]:
        """The practices the chapter's page lists (its closest few) and how many share a group or theme with it."""
        front = self.front(lang)
        return most_related(practices, front.related_groups, front.related_themes, CHAPTER_RELATED_LIMIT)


@dataclass
class Manual:
    """A manual: landing page plus chapters in file-name order."""

    slug: str
    landing: Chapter
    chapters: list[Chapter]

    def title(self, lang: str) -> str:
        return self.landing.title(lang)

    @property
    def last_reviewed(self) -> dt.date:
        return max(m.last_reviewed for c in [self.landing, *self.chapters] for m in c.meta.values())


def find_chapter(manuals: list[Manual], src_uri: str) -> tuple[Manual, Chapter] | None:
    """The manual and chapter (or landing page) a page's source file belongs to, in either language."""
    uri = src_uri.replace(".en.md", ".md")
    for manual in manuals:
        for chapter in [manual.landing, *manual.chapters]:
            if chapter.src_uri == uri:
                return manual, chapter
    return None


def read_front_matter(path: Path) -> tuple[PageMeta | None, list[Problem]]:
    """Front matter of a Markdown file, checked; problems name the file and line."""
    shown = display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(shown, 1, 1, "the file must start with front matter ('---', title:, last_reviewed:, '---')")
        ]
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        return None, [Problem(shown, 1, 1, "the front matter is not closed with a '---' line")]
    block = "\n" + "\n".join(lines[1:end]) + "\n"  # the leading newline keeps line numbers right
    try:
        doc = parse_yaml_text(block, shown)
    except YamlRefused as refused:
        return None, refused.problems
    problems = list(doc.problems) + describe_errors(SchemaValidator(_front_matter_schema()), doc)
    if problems:
        return None, problems
    data = doc.data
    today = source_date_moment().date()
    for name in ("last_reviewed", "information_date", "research_cutoff"):
        if name not in data:
            continue
        problem = written_date_problem(data[name], today)
        if problem:
            problems.append(Problem(shown, *doc.where((name,)), f"{name}: {problem}"))
    problems += body_problems("\n".join(lines[end + 1 :]), shown, end + 1)
    if problems:
        return None, problems
    reviewed = dt.date.fromisoformat(data["last_reviewed"])
    related = data.get("related", {})
    return PageMeta(
        path=shown,
        title=data["title"],
        last_reviewed=reviewed,
        review_every_months=data.get("review_every_months", 24),
        information_date=data.get("information_date"),
        research_cutoff=data.get("research_cutoff"),
        audience=data.get("audience"),
        order=data.get("order", 1000),
        related_groups=tuple(related.get("target_groups", ())),
        related_themes=tuple(related.get("themes", ())),
    ), []


def _chapter(folder: Path, stem: str, problems: list[Problem]) -> Chapter:
    chapter = Chapter(stem, f"manuals/{folder.name}/{stem}.md")
    for lang, name in (("pl", f"{stem}.md"), ("en", f"{stem}.en.md")):
        path = folder / name
        if path.exists():
            meta, found = read_front_matter(path)
            problems.extend(found)
            if meta:
                chapter.meta[lang] = meta
    return chapter


def load_manuals(root: Path = MANUALS_DIR) -> tuple[list[Manual], list[Problem], list[str]]:
    """Every manual under `root`; returns (manuals, problems, missing English files)."""
    manuals: list[Manual] = []
    problems: list[Problem] = []
    missing_en: list[str] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        stems = sorted({p.name.removesuffix(".en.md").removesuffix(".md") for p in folder.glob("*.md")})
        if not stems:
            continue
        for stem in stems:
            if stem != "index" and not _CHAPTER.match(stem):
                problems.append(
                    Problem(
                        display_path(folder / f"{stem}.md"),
                        1,
                        1,
                        "chapter files are named NN-slug.md (e.g. 01-who-is-vulnerable.md)",
                    )
                )
            if not (folder / f"{stem}.md").exists():
                problems.append(
                    Problem(
                        display_path(folder / f"{stem}.en.md"),
                        1,
                        1,
                        f"English file without its Polish original {stem}.md",
                    )
                )
            elif not (folder / f"{stem}.en.md").exists():
                missing_en.append(display_path(folder / f"{stem}.en.md"))
        if "index" not in stems:
            problems.append(Problem(display_path(folder / "index.md"), 1, 1, "a manual needs a landing page index.md"))
            continue
        landing = _chapter(folder, "index", problems)
        chapters = [_chapter(folder, s, problems) for s in stems if s != "index" and _CHAPTER.match(s)]
        if "pl" in landing.meta and all("pl" in c.meta for c in chapters):
            manuals.append(Manual(folder.name, landing, chapters))
    manuals.sort(key=lambda m: (m.landing.meta["pl"].order, m.slug))
    return manuals, problems, missing_en


__all__ = ["Chapter", "Document", "Manual", "PageMeta", "find_chapter", "load_manuals", "read_front_matter"]
