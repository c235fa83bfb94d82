"""The search evaluation harness: metrics, judgment keys, query variants, the BM25 reference, the halves.

Hand-made rankings and corpora, so that each test fails when its function is wrong.  Nothing
here ranks the test half: it is only loaded to check its format and that its keys exist.
"""

from __future__ import annotations

import json
import math
import re

import bench_search
import pytest

import bench
from evaluation.search import evalsets
from evaluation.search.judgments import (
    HALVES,
    Judged,
    index_keys,
    load_half,
    ranked_keys,
    result_key,
    term_anchors,
    unknown_keys,
)
from evaluation.search.metrics import Figures, figures, found_at, ndcg_at, reciprocal_rank
from evaluation.search.reference import BM25, Reference, english_stem, tokenise, unavailable, unit_texts
from evaluation.search.variants import MIN_TYPO_LETTERS, NEIGHBOURS, VARIANTS, fold_diacritics, typo, variant

ANCHORS = frozenset({"uam", "psn"})
NO_MORFEUSZ = unavailable("pl")


def judged(query: str = "q", relevant: dict[str, int] | None = None, *, id: str = "pl-001") -> Judged:
    return Judged(id, "pl", "persona", "task", query, query + "ch", relevant or {"a/": 2})


# --- metrics -------------------------------------------------------------------


def test_recall_counts_only_grade_2_in_the_top_5():
    relevant = {"b/": 2, "c/": 1}
    assert found_at(["x/", "y/", "z/", "w/", "b/"], relevant)
    assert not found_at(["x/", "y/", "z/", "w/", "v/", "b/"], relevant)
    assert not found_at(["c/", "x/"], relevant)
    assert found_at(["c/", "x/"], relevant, grade=1)


def test_reciprocal_rank_of_the_first_answer():
    relevant = {"b/": 2, "c/": 1}
    assert reciprocal_rank(["c/", "x/", "b/"], relevant) == pytest.approx(1 / 3)
    assert reciprocal_rank(["b/"], relevant) == 1.0
    assert reciprocal_rank(["c/", "x/"], relevant) == 0.0
    assert reciprocal_rank([f"x{i}/" for i in range(10)] + ["b/"], relevant) == pytest.approx(1 / 11)


def test_ndcg_uses_exponential_gains_and_the_ideal_order_of_the_judgments():
    relevant = {"b/": 2, "c/": 1}
    dcg = 3 / math.log2(3) + 1 / math.log2(4)
    ideal = 3 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at(["x/", "b/", "c/"], relevant) == pytest.approx(dcg / ideal)
    assert ndcg_at(["b/", "c/", "x/"], relevant) == pytest.approx(1.0)
    assert ndcg_at(["c/", "b/"], relevant) < 1.0
    assert ndcg_at([f"x{i}/" for i in range(10)] + ["b/"], relevant) == 0.0
    assert ndcg_at(["b/"], {"b/": 2, **{f"r{i}/": 2 for i in range(12)}}) == pytest.approx(
        1 / sum(1 / math.log2(r + 1) for r in range(1, 11))
    )


def test_figures_are_means_over_queries():
    got = figures([["a/"], ["x/", "a/"], []], [{"a/": 2}, {"a/": 2}, {"a/": 1}])
    assert got.n == 3
    assert got.recall == pytest.approx(2 / 3)
    assert got.recall_related == pytest.approx(2 / 3)
    assert got.mrr == pytest.approx((1 + 0.5 + 0) / 3)
    assert got.minus(got) == Figures(0.0, 0.0, 0.0, 0.0, 3)
    with pytest.raises(ValueError):
        figures([["a/"]], [])


# --- judgment keys ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "lang", "key"),
    [
        ("en/manuals/psn/05-unaccompanied-minors/#who", "en", "manuals/psn/05-unaccompanied-minors/"),
        ("manuals/psn/05-unaccompanied-minors/", "pl", "manuals/psn/05-unaccompanied-minors/"),
        ("en/glossary/#uam", "en", "glossary/#uam"),
        ("glossary/#psn", "pl", "glossary/#psn"),
        ("glossary/#a-z", "pl", "glossary/"),
        ("en/glossary/", "en", "glossary/"),
        ("practices/x/#uam", "pl", "practices/x/"),
        ("", "pl", "index/"),
        ("en/", "en", "index/"),
        ("en/#top", "en", "index/"),
    ],
)
def test_result_key(location, lang, key):
    assert result_key(location, lang, ANCHORS) == key


def test_ranked_keys_keep_the_first_occurrence():
    locations = ["en/practices/a/", "en/practices/a/#x", "en/glossary/#uam", "en/glossary/", "en/glossary/#psn"]
    assert ranked_keys([*locations, "en/glossary/#uam", "en/"], "en", ANCHORS) == [
        "practices/a/",
        "glossary/#uam",
        "glossary/",
        "glossary/#psn",
        "index/",
    ]


def test_term_anchors_come_from_the_glossary():
    anchors = term_anchors()
    assert "uam" in anchors and "psn" in anchors
    assert all(re.fullmatch(r"[a-z0-9-]+", anchor) for anchor in anchors)


@pytest.mark.parametrize("half", HALVES)
def test_halves_load_with_unique_ids_and_grades(half):
    queries = load_half(half)
    assert len(queries) >= (60 if half == "test2" else 100)
    assert {q.lang for q in queries} == {"pl", "en"}
    assert all(set(q.relevant.values()) <= {1, 2} and 2 in q.relevant.values() for q in queries)
    assert all(q.query != q.inflected for q in queries)


def test_halves_do_not_share_queries():
    ids = [q.id for half in HALVES for q in load_half(half)]
    texts = [q.query for half in HALVES for q in load_half(half)]
    assert len(set(ids)) == len(ids) and len(set(texts)) == len(texts)


def test_unknown_keys_names_keys_without_a_unit():
    queries = [judged(relevant={"a/": 2, "gone/": 1}, id="pl-1"), judged(relevant={"gone/": 2}, id="pl-2")]
    assert unknown_keys(queries, {"pl": {"a/"}}) == {"gone/": ["pl-1", "pl-2"]}


def test_bad_judgments_are_refused(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("- {id: a, lang: pl, query: q, inflected: r, relevant: {'a/': 3}}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_half("dev", path)
    path.write_text(
        "- {id: a, lang: pl, query: q, inflected: r, relevant: {'a/': 2}}\n"
        "- {id: a, lang: en, query: s, inflected: t, relevant: {'a/': 2}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="duplicate"):
        load_half("dev", path)


# --- variants --------------------------------------------------------------------


def test_fold_diacritics():
    assert fold_diacritics("Źdźbło łąki, ŻÓŁĆ ęń ś") == "Zdzblo laki, ZOLC en s"


def _one_edit(a: str, b: str) -> str | None:
    """The kind of single edit that turns word a into word b, or None."""
    if len(b) == len(a) - 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a))):
        return "drop"
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return "swap"
        if len(diff) == 1 and b[diff[0]].lower() in NEIGHBOURS[fold_diacritics(a[diff[0]]).lower()]:
            return "neighbour"
    return None


def test_typo_is_one_edit_in_one_long_word_and_deterministic():
    queries = [q for half in HALVES for q in load_half(half)]
    kinds = set()
    for q in queries:
        changed = typo(q.query, q.id)
        assert changed == typo(q.query, q.id)
        before, after = q.query.split(" "), changed.split(" ")
        if not any(len(w) >= MIN_TYPO_LETTERS for w in re.findall(r"[^\W\d_]+", q.query)):
            assert changed == q.query
            continue
        assert len(before) == len(after), (q.query, changed)
        touched = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        assert len(touched) == 1, (q.query, changed)
        a, b = touched[0]
        assert len(re.sub(r"[\W\d_]", "", a)) >= MIN_TYPO_LETTERS, (q.query, changed)
        kind = _one_edit(a, b)
        assert kind, (q.query, changed)
        kinds.add(kind)
    assert kinds == {"drop", "swap", "neighbour"}


def test_typo_leaves_short_words_alone():
    assert typo("co to jest psn", "x") == "co to jest psn"
    assert typo("kto ma azyl w pl", "y") == "kto ma azyl w pl"
    assert typo("psn w ośrodku", "z").startswith("psn w ")


def test_neighbours_are_keyboard_neighbours():
    assert set(NEIGHBOURS["a"]) == set("qwsz")
    assert set(NEIGHBOURS["p"]) == set("ol")
    assert all(c not in near and near for c, near in NEIGHBOURS.items())


def test_variants_of_a_query():
    q = Judged("pl-9", "pl", "p", "t", "małoletni bez opieki", "małoletnich bez opieki", {"a/": 2})
    assert variant(q, "original") == q.query
    assert variant(q, "no-diacritics") == "maloletni bez opieki"
    assert variant(q, "inflected") == q.inflected
    assert variant(q, "typo") != q.query
    assert VARIANTS[0] == "original"
    with pytest.raises(ValueError):
        variant(q, "other")


# --- the reference -----------------------------------------------------------------


def test_bm25_prefers_rare_terms_and_short_documents():
    docs = [["a", "b"], ["a", "c", "x", "y", "z", "w"], ["a", "c"], ["d"]]
    bm25 = BM25(docs, [len(d) for d in docs])
    assert bm25.rank(["c"]) == [2, 1]
    assert bm25.rank(["a", "c"])[:2] == [2, 1]
    assert bm25.rank(["q"]) == []
    assert bm25.idf("d") > bm25.idf("a") > 0
    f, n, k1, b = 1, 2 / (sum(map(len, docs)) / 4), 1.2, 0.75
    assert bm25.score(2, ["c"]) == pytest.approx(bm25.idf("c") * f * (k1 + 1) / (f + k1 * (1 - b + b * n)))


def _index(lang: str, rows: list[list]) -> dict:
    return {"version": 1, "lang": lang, "labels": ["Etykieta"], "docs": rows, "forms": ""}


def test_unit_texts_repeat_the_title_and_add_labels_and_meta():
    index = _index("pl", [["a/", "Tytuł", "tekst", [0], "kto"], ["b/", "Inny"]])
    assert unit_texts(index) == [("a/", "Tytuł Tytuł tekst Etykieta kto"), ("b/", "Inny Inny")]


def test_english_reference_stems():
    index = _index("en", [["en/a/", "Children alone", "at the border"], ["en/b/", "Adults", "with papers"]])
    assert english_stem("Children") == ("children",)
    assert Reference(index).search("child alone") == ["en/a/"]
    assert tokenise("e-mail, 2024 r.") == ["e", "mail", "2024", "r"]


@pytest.mark.skipif(NO_MORFEUSZ is not None, reason=f"morfeusz2: {NO_MORFEUSZ}")
def test_polish_reference_lemmatises_and_the_folded_variant_forgives_diacritics():
    index = _index(
        "pl",
        [
            ["a/", "Małoletni bez opieki", "w ośrodku dla cudzoziemców"],
            ["b/", "Ofiary handlu ludźmi", "okres do namysłu"],
        ],
    )
    plain, folded = Reference(index), Reference(index, folded=True)
    assert plain.search("małoletnich") == ["a/"]
    assert plain.search("ofiarom handlu") == ["b/"]
    assert plain.search("osrodku") == []
    assert folded.search("osrodku") == ["a/"]
    assert folded.search("maloletnich cudzoziemcow") == ["a/"]


# --- evaluation of a half, and the test half's privacy ------------------------------


def test_a_perfect_and_an_empty_ranker():
    queries = [judged("one", {"a/": 2, "b/": 1}, id="pl-1"), judged("two", {"c/": 2}, id="pl-2")]
    best = {q.query: sorted(q.relevant, key=lambda k: -q.relevant[k]) for q in queries}

    def perfect(texts):
        return [best.get(text, []) for text in texts]

    result = evalsets.evaluate_half(
        "dev", queries, {"pl": {"good": perfect, "none": lambda t: [[] for _ in t]}}, ANCHORS
    )
    good, none = result.engines["pl"]["good"], result.engines["pl"]["none"]
    assert good.figures["original"] == Figures(1.0, 1.0, 1.0, 1.0, 2)
    assert good.figures["inflected"].recall == 0.0  # the perfect ranker only knows the original wording
    assert none.figures["original"] == Figures(0.0, 0.0, 0.0, 0.0, 2)
    assert good.changed["no-diacritics"] == 0 and good.changed["inflected"] == 2
    assert [m.query.id for m in evalsets.misses(result, "none")] == ["pl-1", "pl-2"]
    assert evalsets.misses(result, "good") == []
    assert evalsets.as_json(result)["pl"]["good"]["original"]["recall"] == 1.0


def test_the_test_half_keeps_no_per_query_results_and_refuses_to_show_them(capsys):
    queries = [judged("one", id="pl-1")]
    result = evalsets.evaluate_half("test", queries, {"pl": {"ours": lambda t: [[] for _ in t]}}, ANCHORS)
    assert result.engines["pl"]["ours"].keys is None
    with pytest.raises(PermissionError):
        evalsets.misses(result)
    with pytest.raises(PermissionError):
        bench_search.print_misses(result)
    assert "pl-1" not in capsys.readouterr().out


def test_show_misses_is_refused_for_the_test_half_before_anything_runs():
    for half in ("test", "test2"):
        with pytest.raises(SystemExit, match="dev queries only"):
            bench.main(["search", "--half", half, "--show-misses"])
    bench_search.check_show_misses(("dev", "test", "test2"), True)  # all: misses of dev only
    assert bench_search.halves_of("both") == ("dev", "test", "test2")


def test_unavailable_engines_are_reported_not_fatal(capsys):
    result = evalsets.evaluate_half("dev", [judged()], {"pl": {"reference": "morfeusz2 missing"}}, ANCHORS)
    bench_search.print_half(result, bench.table)
    assert "unavailable" in capsys.readouterr().out
    assert evalsets.as_json(result) == {"pl": {"reference": {"unavailable": "morfeusz2 missing"}}}


# --- on the built site ---------------------------------------------------------------


@pytest.mark.parametrize("half", HALVES)
def test_every_judged_key_is_a_unit_of_the_index(built_site, half):
    anchors = term_anchors()
    keys = {
        lang: index_keys(json.loads((built_site / "search" / f"{lang}.json").read_text(encoding="utf-8")), anchors)
        for lang in ("pl", "en")
    }
    assert unknown_keys(load_half(half), keys) == {}


def test_ours_returns_glossary_terms_as_units_of_their_own(built_site):
    index = json.loads((built_site / "search" / "pl.json").read_text(encoding="utf-8"))
    rank = evalsets.ours_ranker(index)
    [locations] = rank(["małoletni bez opieki"])
    keys = ranked_keys(locations, "pl", term_anchors())
    assert "glossary/#uam" in keys
    assert len(keys) == len(set(keys)) and all(not k.startswith("en/") for k in keys)
