"""How practices relate: by id, parent and children, and related practices; computed once per set of practices.

Practice pages, the catalogue and the PDFs all ask these questions for every practice, so the
answers are tables built in one pass, not searches over all practices per page (which made the
build quadratic in the number of practices).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from platforma.content.practices import Practice

RELATED_LIMIT = 5


@dataclass(frozen=True)
class Relations:
    """Lookup tables over one set of practices (build with `Relations.of`)."""

    by_id: dict[str, Practice]
    children: dict[str, list[Practice]]
    related: dict[str, list[Practice]]

    @classmethod
    def of(cls, practices: Sequence[Practice], limit: int = RELATED_LIMIT) -> Relations:
        by_id = {p.id: p for p in practices}
        children: dict[str, list[Practice]] = defaultdict(list)
        for practice in practices:
            if practice.part_of:
                children[practice.part_of].append(practice)
        return cls(by_id, dict(children), _related_table(practices, by_id, limit))

    def parent_of(self, practice: Practice) -> Practice | None:
        return self.by_id.get(practice.part_of) if practice.part_of else None

    def children_of(self, practice: Practice) -> list[Practice]:
        return self.children.get(practice.id, [])

    def related_to(self, practice: Practice) -> list[Practice]:
        """Practices sharing a target group and a theme, most shared first; family links excluded."""
        return self.related.get(practice.id, [])


CHAPTER_RELATED_LIMIT = 8  # a chapter lists its most related practices; the catalogue has the rest


def most_related(
    practices: Sequence[Practice], groups: Sequence[str], themes: Sequence[str], limit: int
) -> tuple[list[Practice], int]:
    """Practices sharing a target group or a theme with a page (e.g. a manual chapter), most shared codes
    first, at most `limit` of them; and how many share at least one."""
    wanted_groups, wanted_themes = set(groups), set(themes)
    scored = []
    for order, practice in enumerate(practices):
        shared = len(wanted_groups.intersection(practice.target_groups)) + len(
            wanted_themes.intersection(practice.themes)
        )
        if shared:
            scored.append((-shared, order, practice))
    return [practice for _, _, practice in heapq.nsmallest(limit, scored)], len(scored)


def _related_table(practices: Sequence[Practice], by_id: dict[str, Practice], limit: int) -> dict[str, list[Practice]]:
    """For every practice, its `limit` most related practices.

    An inverted index (code → ids) keeps this linear in practice, instead of comparing every
    pair: at 1000 practices the pairwise version cost about 5 s of a build.
    """
    by_group: dict[str, list[str]] = defaultdict(list)
    by_theme: dict[str, list[str]] = defaultdict(list)
    parent = {p.id: p.part_of for p in practices}
    for practice in practices:
        for code in practice.target_groups:
            by_group[code].append(practice.id)
        for code in practice.themes:
            by_theme[code].append(practice.id)
    table: dict[str, list[Practice]] = {}
    for practice in practices:
        groups = Counter(i for code in practice.target_groups for i in by_group[code])
        themes = Counter(i for code in practice.themes for i in by_theme[code])
        scored = [
            (-(count + themes[other]), other)
            for other, count in groups.items()
            if other in themes and other != practice.id and parent[other] != practice.id and practice.part_of != other
        ]
        table[practice.id] = [by_id[other] for _, other in heapq.nsmallest(limit, scored)]
    return table


__all__ = ["RELATED_LIMIT", "Relations", "most_related"]
