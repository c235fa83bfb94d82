"""The development query set (tests/search_queries.yml) against the built site's own search index."""

from __future__ import annotations

import json

import pytest

from evaluation.search.evaluate import load_queries, run_ours, scores

QUERIES = load_queries()
GOAL = 0.9  # recall@5 of the issue; bench.py search prints it next to Material's


def test_query_set_is_large_and_realistic_enough():
    assert len(QUERIES) >= 40
    assert len([q for q in QUERIES if q.lang == "pl"]) >= 30
    assert len({q.query for q in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_recall_at_5_reaches_the_goal(built_site, lang):
    asked = [q for q in QUERIES if q.lang == lang]
    index = json.loads((built_site / "search" / f"{lang}.json").read_text(encoding="utf-8"))
    recall, mrr, missed = scores(asked, run_ours(index, [q.query for q in asked]).results)
    assert recall >= GOAL, [q.query for q in missed]
    assert mrr >= 0.7


def test_expected_pages_exist(built_site):
    for query in QUERIES:
        for page in query.expect:
            prefix = "" if query.lang == "pl" else f"{query.lang}/"
            assert (built_site / prefix / page / "index.html").exists(), (query.query, page)
