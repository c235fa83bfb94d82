"""Run one strict MkDocs build in this process; print its wall time, CPU time and peak memory as JSON.

Peak memory is this process's; `workers_max_rss_mib` is the largest of its child processes (the PDF
workers), reported apart because they run beside the build, not inside it.  With `--pages N` the JSON
also lists the N slowest pages (`slowest_pages`: site path and milliseconds spent on the page, its
Markdown, every hook and its template included).  `stages`: seconds per stage of each language pass (see
`StageTimer`).  With `--profile FILE` the build runs under cProfile, its statistics written to FILE.
"""

import argparse
import cProfile
import json
import logging
import resource
import sys
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority


class PageTimer(BasePlugin):
    """Times each page of each language pass.  MkDocs makes every page's content first (pre_page … page_content),
    then renders every page's template (page_context … post_page): a page's time is the sum of its two spans."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.took: dict[str, float] = {}

    def _start(self, page) -> None:  # noqa: ANN001
        self.started[page.file.dest_uri] = time.perf_counter()

    def _stop(self, page) -> None:  # noqa: ANN001
        start = self.started.pop(page.file.dest_uri, None)
        if start is not None:
            self.took[page.file.dest_uri] = self.took.get(page.file.dest_uri, 0.0) + time.perf_counter() - start

    @event_priority(10_000)  # before every other hook
    def on_pre_page(self, page, config, files):  # noqa: ANN001, ANN201 - MkDocs' signature
        self._start(page)
        return page

    @event_priority(-10_000)  # after every other hook
    def on_page_content(self, html, page, config, files):  # noqa: ANN001, ANN201
        self._stop(page)
        return html

    @event_priority(10_000)
    def on_page_context(self, context, page, config, nav):  # noqa: ANN001, ANN201
        self._start(page)
        return context

    @event_priority(-10_000)
    def on_post_page(self, output, page, config):  # noqa: ANN001, ANN201
        self._stop(page)
        return output


class StageTimer(BasePlugin):
    """Seconds per stage of each language pass.  static-i18n builds the other languages inside the first pass's
    on_post_build, so a pass is a span from on_pre_build to the end of its on_post_build, and a nested pass's time
    is taken out of the pass around it.  Stages: `start` (loading the config, every on_config, up to the first
    pass), `files & nav` (on_pre_build … the first page), `page content` (on_pre_page … on_page_content: the
    Markdown and every page hook), `templates` (on_page_context … on_post_page), `post-build` (on_post_build: the
    search index, exports, the other languages' passes excluded) and `other pages work` (what MkDocs does
    between those spans: reading sources, writing pages)."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.passes: list[dict[str, float]] = []
        self.stack: list[dict[str, float]] = []

    def _now(self) -> float:
        return time.perf_counter()

    @event_priority(10_000)
    def on_pre_build(self, config):  # noqa: ANN001, ANN201 - MkDocs' signature
        now = self._now()
        stage = {"begin": now, "nested": 0.0, "page content": 0.0, "templates": 0.0, "first page": 0.0}
        if not self.passes:
            stage["start"] = now - self.started
        self.passes.append(stage)
        self.stack.append(stage)

    @event_priority(10_000)
    def on_pre_page(self, page, config, files):  # noqa: ANN001, ANN201
        stage = self.stack[-1]
        stage["mark"] = self._now()
        if not stage["first page"]:
            stage["first page"] = stage["mark"]
        return page

    @event_priority(-10_000)
    def on_page_content(self, html, page, config, files):  # noqa: ANN001, ANN201
        stage = self.stack[-1]
        stage["page content"] += self._now() - stage["mark"]
        return html

    @event_priority(10_000)
    def on_page_context(self, context, page, config, nav):  # noqa: ANN001, ANN201
        self.stack[-1]["mark"] = self._now()
        return context

    @event_priority(-10_000)
    def on_post_page(self, output, page, config):  # noqa: ANN001, ANN201
        stage = self.stack[-1]
        stage["templates"] += self._now() - stage["mark"]
        return output

    @event_priority(10_000)
    def on_post_build(self, config):  # noqa: ANN001, ANN201
        self.stack[-1]["post begin"] = self._now()

    def post_build_end(self, config):  # noqa: ANN001, ANN201 - added by hand, last (one method per event and plugin)
        now = self._now()
        stage = self.stack.pop()
        stage["end"] = now
        if self.stack:
            self.stack[-1]["nested"] += now - stage["begin"]

    def table(self) -> list[dict[str, float]]:
        """Seconds per stage of each pass (in build order)."""
        rows = []
        for stage in self.passes:
            pages_end = stage["post begin"]
            files = (stage["first page"] or pages_end) - stage["begin"]
            post = stage["end"] - stage["post begin"] - stage["nested"]
            total = stage["end"] - stage["begin"] - stage["nested"]
            content, templates = stage["page content"], stage["templates"]
            row = {"start": stage.get("start", 0.0), "files & nav": files, "page content": content}
            row |= {"templates": templates, "other pages work": total - files - content - templates - post}
            row |= {"post-build": post, "total": total + row["start"]}
            rows.append({name: round(value, 3) for name, value in row.items()})
        return rows


def main(config_file: str, site_dir: str, pages: int = 0, profile: str = "") -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s")
    start, cpu = time.perf_counter(), time.process_time()
    config = load_config(config_file, site_dir=site_dir, strict=True)
    timer = PageTimer()
    if pages:
        config.plugins["platforma-page-timer"] = timer  # registers its events, as for any plugin
    stages = StageTimer(start)
    config.plugins["platforma-stage-timer"] = stages
    config.plugins.events["post_build"].append(stages.post_build_end)  # after every other handler
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    build(config)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu + children.ru_utime + children.ru_stime, 3),
        "max_rss_mib": round(own.ru_maxrss / 1024, 1),
        "workers_max_rss_mib": round(children.ru_maxrss / 1024, 1),
    }
    figures["stages"] = stages.table()
    if pages:
        slowest = sorted(timer.took.items(), key=lambda item: -item[1])[:pages]
        figures["slowest_pages"] = [[path, round(took * 1000, 1)] for path, took in slowest]
    print(json.dumps(figures))


if __name__ == "__main__":  # PDF workers are spawned: they import this file and must not build again
    parser = argparse.ArgumentParser()
    parser.add_argument("config_file")
    parser.add_argument("site_dir")
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--profile", default="", help="run under cProfile and write its statistics here")
    args = parser.parse_args()
    main(args.config_file, args.site_dir, args.pages, args.profile)
