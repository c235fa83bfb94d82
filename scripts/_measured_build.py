"""Run one strict MkDocs build in this process; print its wall time, CPU time and peak memory as JSON.

Peak memory is this process's; `workers_max_rss_mib` is the largest of its child processes (the PDF
workers), reported apart because they run beside the build, not inside it.
"""

import json
import logging
import resource
import sys
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main(config_file: str, site_dir: str) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s")
    start, cpu = time.perf_counter(), time.process_time()
    config = load_config(config_file, site_dir=site_dir, strict=True)
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
    print(json.dumps(figures))


if __name__ == "__main__":  # PDF workers are spawned: they import this file and must not build again
    main(sys.argv[1], sys.argv[2])
