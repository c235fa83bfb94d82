"""The MiniSearch candidate engine (minisearch-engine.js) under node, on a tiny hand-made index."""

from __future__ import annotations

import bench_search
import pytest

from evaluation.search import minisearch as ms
from evaluation.search.evaluate import node_json
from evaluation.search.minisearch import MINISEARCH_JS, MINISEARCH_VERSION, install_minisearch, node_env
from platforma.search import SearchDoc, analyzer, build_index

NODE_SEARCH = r"""
const fs = require("fs"), path = require("path");
const { Engine } = require(process.argv[1]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const engine = new Engine(input.index);
const manifest = path.join(path.dirname(require.resolve("minisearch")), "..", "..", "package.json");
process.stdout.write(JSON.stringify({
  version: JSON.parse(fs.readFileSync(manifest, "utf8")).version,
  results: input.queries.map(q => engine.search(q, { suggest: true })),
}));
"""


# the module's tests share a module fixture that installs minisearch with npm into the build cache when it is
# missing (`make test` runs pytest-xdist with --dist loadgroup): one worker runs them all, so npm runs once
pytestmark = pytest.mark.xdist_group("search_minisearch")


@pytest.fixture(scope="module")
def minisearch() -> None:
    """Installs the pinned minisearch into the cache (npm); skips only when that is impossible here."""
    reason = install_minisearch()
    if reason:
        pytest.skip(f"minisearch is not installed: {reason}")


def search(index: dict, queries: list[str]) -> dict:
    return node_json(NODE_SEARCH, MINISEARCH_JS, {"index": index, "queries": queries}, timeout=120, env=node_env())


def ranked(result: dict) -> list[str]:
    return [item["location"] for group in result["items"] for item in group if item["score"] > 0]


@pytest.fixture(scope="module")
def small_index() -> dict:
    docs = [
        SearchDoc("a/", "Wsparcie dla dzieci", "Pomoc małoletnim cudzoziemcom w ośrodkach."),
        SearchDoc("b/", "Małoletni bez opieki", "Kim jest małoletni bez opieki i jak go wspierać."),
        SearchDoc("c/", "Tłumacz <w> rozmowie", "Rola tłumacza <i>ustnego</i> & zasady."),
        SearchDoc("c/#zasady", "Zasady pracy tłumaczy", "Tłumacz nie doradza."),
        SearchDoc("d/", "Dobrowolne powroty", "Pomoc w powrocie do kraju pochodzenia.", ("Dobrowolne powroty",)),
    ]
    return build_index(docs, analyzer("pl"))


def test_inflected_polish_form_finds_its_document_and_results_are_escaped(minisearch, small_index):
    out = search(small_index, ["małoletnich", "maloletnich", "tłumaczem", "powro"])
    inflected, bare, interpreter, typing = out["results"]
    assert out["version"] == MINISEARCH_VERSION
    assert set(ranked(inflected)) == {"a/", "b/"}  # neither holds "małoletnich" word for word
    assert ranked(bare) == ranked(inflected)
    assert ranked(interpreter)[:1] in (["c/"], ["c/#zasady"]) and set(ranked(interpreter)) == {"c/", "c/#zasady"}
    [group] = [g for g in interpreter["items"] if g[0]["location"].startswith("c/")]
    page = next(item for item in group if item["location"] == "c/")
    assert page["title"] == "<mark>Tłumacz</mark> &lt;w&gt; rozmowie"
    assert page["text"] == "<p>Rola <mark>tłumacza</mark> &lt;i&gt;ustnego&lt;/i&gt; &amp; zasady.</p>"
    assert page["terms"]["tłumaczem"] is True
    assert ranked(typing) == ["d/"] and typing["suggest"][0].startswith("powro")


def test_without_npm_minisearch_is_reported_unavailable_and_the_rest_runs(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PLATFORMA_CACHE_DIR", str(tmp_path))  # nothing installed there
    monkeypatch.setattr(ms.shutil, "which", lambda name: "/usr/bin/node" if name == "node" else None)
    ms.minisearch_unavailable.cache_clear()
    try:
        index = {"lang": "pl", "docs": [], "forms": ""}
        engines = bench_search.engines_for({"pl": index, "en": index}, None, {}, ("ours", "minisearch"))
    finally:
        ms.minisearch_unavailable.cache_clear()
    assert engines["pl"]["minisearch"] == "npm not found" and callable(engines["pl"]["ours"])
    assert "minisearch: unavailable (npm not found)" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="unknown"):
        bench_search.parse_engines("ours,lucene")
    assert bench_search.parse_engines(None)[-1] == "minisearch"
