"""Run one strict MkDocs build in this process; print its wall time, CPU time and peak memory as JSON.

Peak memory is this process's; `workers_max_rss_mib` is the largest of its child processes (the PDF
workers), reported apart because they run beside the build, not inside it.  With `--pages N` the JSON
also lists the N slowest pages (`slowest_pages`: site path and milliseconds spent on the page, its
Markdown, every hook and its template included).
"""

import argparse
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


def main(config_file: str, site_dir: str, pages: int = 0) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s")
    start, cpu = time.perf_counter(), time.process_time()
    config = load_config(config_file, site_dir=site_dir, strict=True)
    timer = PageTimer()
    if pages:
        config.plugins["platforma-page-timer"] = timer  # registers its events, as for any plugin
    build(config)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu + children.ru_utime + children.ru_stime, 3),
        "max_rss_mib": round(own.ru_maxrss / 1024, 1),
        "workers_max_rss_mib": round(children.ru_maxrss / 1024, 1),
    }
    if pages:
        slowest = sorted(timer.took.items(), key=lambda item: -item[1])[:pages]
        figures["slowest_pages"] = [[path, round(took * 1000, 1)] for path, took in slowest]
    print(json.dumps(figures))


if __name__ == "__main__":  # PDF workers are spawned: they import this file and must not build again
    parser = argparse.ArgumentParser()
    parser.add_argument("config_file")
    parser.add_argument("site_dir")
    parser.add_argument("--pages", type=int, default=0)
    args = parser.parse_args()
    main(args.config_file, args.site_dir, args.pages)
