"""Measuring search quality: engines run under node; the old query set (recall@5 and MRR).

The graded evaluation sets (tests/search_eval) and their metrics live in judgments.py,
metrics.py, variants.py, reference.py and evalsets.py.  Both engines are run as they run in the
browser: ours (docs/assets/javascripts/search/engine.js) on our index file, and Material's own
search worker (its bundled, minified file) on Material's index, fed the same messages Material's
UI sends it.  Used by `scripts/bench.py search` and the tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from platforma.project import DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES, ROOT, language_prefix

ENGINE_JS = DOCS_DIR / "assets" / "javascripts" / "search" / "engine.js"
QUERIES = ROOT / "tests" / "search_queries.yml"
TOP = 5

# Any engine module exporting `Engine(index, settings)` with Material's result shape (ours ignores settings).
_ENGINE_RUN = r"""
const { Engine } = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const started = process.hrtime.bigint();
const engine = new Engine(input.index, input.settings);
const setupMs = Number(process.hrtime.bigint() - started) / 1e6;
const results = [], groups = [], times = [], lacking = [];
for (let round = 0; round < input.rounds; round++)
  for (const query of input.queries) {
    const t = process.hrtime.bigint();
    const result = engine.search(query, { suggest: true });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (round === 0) {
      results.push(result.items.map(group => group[0].location));
      groups.push(result.items.map(group => group.map(item => item.location)));
      /* does the first result say it lacks every word typed ("Missing: …" naming them all)? */
      const typed = engine.parse ? engine.parse(query).flatMap(unit => unit.words.map(word => word.word)) : []
      const first = result.items.length ? result.items[0][0] : null
      lacking.push(Boolean(first && typed.length && typed.every(word => first.terms[word] === false)))
    }
  }
process.stdout.write(JSON.stringify({ setupMs, times, results, groups, lacking }));
"""

_MATERIAL = r"""
const fs = require("fs"), vm = require("vm");
let handler;
const posted = [];
globalThis.self = globalThis;
globalThis.addEventListener = (type, fn) => { if (type === "message") handler = fn; };
globalThis.postMessage = message => posted.push(message);
globalThis.importScripts = () => {};
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  const started = process.hrtime.bigint();
  await handler({ data: { type: 0, data: { config: input.index.config, docs: input.index.docs,
                                           options: { suggest: true } } } });
  const setupMs = Number(process.hrtime.bigint() - started) / 1e6;
  const results = [], groups = [], times = [];
  for (let round = 0; round < input.rounds; round++)
    for (const query of input.queries) {
      posted.length = 0;
      const t = process.hrtime.bigint();
      await handler({ data: { type: 2, data: query } });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (round === 0) {
        const items = posted[0].data.items;
        results.push(items.map(group => group[0].location));
        groups.push(items.map(group => group.map(item => item.location)));
      }
    }
  process.stdout.write(JSON.stringify({ setupMs, times, results, groups }));
})();
"""


@dataclass(frozen=True)
class Query:
    lang: str
    query: str
    expect: tuple[str, ...]


@dataclass
class Run:
    """What one engine answered: ranked locations per query, and timings in milliseconds.

    `results` holds the first item of each page group (what the old query set scores);
    `groups` the locations of every item of every group, as Material's UI receives them.
    """

    results: list[list[str]]
    times: list[float]
    setup_ms: float
    groups: list[list[list[str]]] = field(default_factory=list)
    lacking: list[bool] = field(default_factory=list)  # ours: the first result lacks every word typed

    def locations(self, query: int) -> list[str]:
        """Ranked locations of query number `query`: every item of every page group, group by group."""
        return [location for group in self.groups[query] for location in group]


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(item["lang"], str(item["query"]), tuple(item["expect"])) for item in data]


def page_of(location: str, lang: str) -> str:
    """`en/manuals/x/#y` → `manuals/x/`: a result's page without anchor and language prefix."""
    page = location.split("#")[0]
    prefix = language_prefix(lang)
    return page[len(prefix) :] if prefix and page.startswith(prefix) else page


def ranked_pages(locations: list[str], lang: str) -> list[str]:
    """Distinct pages in rank order."""
    pages: list[str] = []
    for location in locations:
        page = page_of(location, lang)
        if page not in pages:
            pages.append(page)
    return pages


def reciprocal_rank(pages: list[str], expect: tuple[str, ...]) -> float:
    return next((1 / (i + 1) for i, page in enumerate(pages) if page in expect), 0.0)


def scores(queries: list[Query], results: list[list[str]]) -> tuple[float, float, list[Query]]:
    """(recall@5, MRR, queries missed in the top 5) of `results`, one ranked list per query."""
    if not queries:
        return 0.0, 0.0, []
    missed = []
    rr = 0.0
    for query, locations in zip(queries, results, strict=True):
        pages = ranked_pages(locations, query.lang)
        rr += reciprocal_rank(pages, query.expect)
        if not set(pages[:TOP]) & set(query.expect):
            missed.append(query)
    return 1 - len(missed) / len(queries), rr / len(queries), missed


def node_json(
    script: str, target: Path, payload: dict, *, timeout: int = 900, env: dict[str, str] | None = None
) -> Any:
    """Run `script` under node with `target` as its argument, `payload` as JSON on stdin; return its JSON output.

    `env`: the whole environment of node (default: this process's).
    """
    node = shutil.which("node")
    if not node:
        raise RuntimeError("node is needed to run the search engines (Node 20 or later)")
    done = subprocess.run(
        [node, "-e", script, str(target)],
        input=json.dumps(payload, ensure_ascii=False),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"node failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _node(script: str, target: Path, payload: dict, env: dict[str, str] | None = None) -> Run:
    data = node_json(script, target, payload, env=env)
    return Run(data["results"], data["times"], data["setupMs"], data["groups"], data.get("lacking", []))


def run_engine(
    engine: Path,
    index: dict,
    queries: list[str],
    rounds: int = 1,
    settings: dict | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """An engine module (`engine`) on our index file (parsed), as the worker runs it."""
    payload = {"index": index, "queries": queries, "rounds": rounds, "settings": settings}
    return _node(_ENGINE_RUN, engine, payload, env)


def run_ours(index: dict, queries: list[str], rounds: int = 1) -> Run:
    """Our engine on our index file (parsed), as the worker runs it."""
    return run_engine(ENGINE_JS, index, queries, rounds)


def run_material(worker: Path, index: dict, queries: list[str], rounds: int = 1) -> Run:
    """Material's bundled search worker on a Material index ({config, docs}), fed SETUP then QUERY messages."""
    return _node(_MATERIAL, worker, {"index": index, "queries": queries, "rounds": rounds})


def material_worker(site: Path) -> Path:
    """The bundled search worker that Material copied into a built site."""
    found = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not found:
        raise FileNotFoundError(f"no Material search worker in {site}")
    return found[0]


def material_language_index(combined: dict, lang: str) -> dict:
    """Material's combined index (both languages) cut down to the pages of one language."""
    others = tuple(f"{other}/" for other in LANGUAGES if other != DEFAULT_LANGUAGE)
    if lang == DEFAULT_LANGUAGE:
        docs = [doc for doc in combined["docs"] if not doc["location"].startswith(others)]
    else:
        docs = [doc for doc in combined["docs"] if doc["location"].startswith(f"{lang}/")]
    return {"config": combined["config"], "docs": docs}


__all__ = [
    "Query",
    "Run",
    "TOP",
    "load_queries",
    "material_language_index",
    "material_worker",
    "page_of",
    "ranked_pages",
    "run_engine",
    "run_material",
    "run_ours",
    "scores",
]
