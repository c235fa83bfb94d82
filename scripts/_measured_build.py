"""Run one strict MkDocs build in this process; print its wall time and peak memory as JSON."""

import json
import logging
import resource
import sys
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site_dir = sys.argv[1], sys.argv[2]
logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s")
start = time.perf_counter()
config = load_config(config_file, site_dir=site_dir, strict=True)
build(config)
seconds = time.perf_counter() - start
max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": round(seconds, 3), "max_rss_mib": round(max_rss_mib, 1)}))
