"""How practices relate: families, related practices, and the practices a manual chapter lists."""

from __future__ import annotations

import re

from conftest import ROOT
from platforma.content.manuals import load_manuals
from platforma.content.practices import load_practices
from platforma.content.relations import Relations, most_related

PRACTICES = load_practices([ROOT / "practices"]).practices


def test_children_and_parent_come_from_part_of():
    relations = Relations.of(PRACTICES)
    for practice in PRACTICES:
        parent = relations.parent_of(practice)
        assert (parent.id if parent else None) == practice.part_of
        assert all(child.part_of == practice.id for child in relations.children_of(practice))
    assert sum(len(relations.children_of(p)) for p in PRACTICES) == sum(1 for p in PRACTICES if p.part_of)


def test_related_practices_share_a_group_and_a_theme_and_are_not_family():
    relations = Relations.of(PRACTICES)
    for practice in PRACTICES:
        for other in relations.related_to(practice):
            assert set(other.target_groups) & set(practice.target_groups)
            assert set(other.themes) & set(practice.themes)
            assert other.id != practice.id and other.part_of != practice.id and practice.part_of != other.id


def test_most_related_ranks_by_shared_codes_and_counts_every_match():
    groups, themes = ["unaccompanied_minors"], ["identification", "legal_aid"]
    shown, total = most_related(PRACTICES, groups, themes, limit=3)

    def shared(p):
        return len(set(groups) & set(p.target_groups)) + len(set(themes) & set(p.themes))

    matching = [p for p in PRACTICES if shared(p)]
    assert total == len(matching) and len(shown) == min(3, total)
    assert [shared(p) for p in shown] == sorted((shared(p) for p in matching), reverse=True)[: len(shown)]


def test_a_chapter_lists_its_closest_practices_and_links_to_the_rest(built_site):
    manuals, _, _ = load_manuals()
    chapter = manuals[0].chapters[0]
    meta = chapter.meta["pl"]
    _, total = most_related(PRACTICES, meta.related_groups, meta.related_themes, limit=8)
    html = (built_site / chapter.src_uri.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    listed = re.search(r'<ul class="pw-related">(.*?)</ul>', html, re.S)
    assert listed and listed[1].count("<li>") == min(8, total)
    if total > 8:
        assert f"Pokazano 8 z {total}" in html
        assert re.search(r'class="pw-related__more">.*href="[./]*practices/\?(group|theme)=', html)
