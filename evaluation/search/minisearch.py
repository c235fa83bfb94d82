"""MiniSearch (npm `minisearch`) as a candidate engine: installing it for measuring, and running it.

scripts/minisearch-engine.js is the engine (a benchmark candidate, not shipped with the site; same interface as
engine.js).  MiniSearch itself is not part of the project's files: for the benchmark and
the tests it is installed with npm into the build cache (`cache_dir()/npm`, never committed)
at the pinned version, and node finds it there through NODE_PATH.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

from evaluation.search.evaluate import Run, run_engine
from platforma.project import ROOT, cache_dir

MINISEARCH_VERSION = "7.2.0"
MINISEARCH_JS = ROOT / "scripts" / "minisearch-engine.js"


def npm_dir() -> Path:
    """Where npm packages for measuring are installed (`<prefix>/node_modules`)."""
    return cache_dir() / "npm"


def node_modules() -> Path:
    return npm_dir() / "node_modules"


def installed_version() -> str | None:
    """The version of minisearch in the cache folder, if any."""
    manifest = node_modules() / "minisearch" / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def install_minisearch(*, timeout: int = 300) -> str | None:
    """Install the pinned minisearch into `npm_dir()` unless it is there; None when ready, else why not."""
    if installed_version() == MINISEARCH_VERSION:
        return None
    npm = shutil.which("npm")
    if not npm:
        return "npm not found"
    npm_dir().mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(npm_dir()), "--no-audit", "--no-fund", "--ignore-scripts"]
    command += ["--no-package-lock", "--save-exact", f"minisearch@{MINISEARCH_VERSION}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"npm install failed: {error}"
    if done.returncode != 0 or installed_version() != MINISEARCH_VERSION:
        return f"npm install minisearch@{MINISEARCH_VERSION} failed: {(done.stderr or done.stdout)[-500:].strip()}"
    return None


@functools.cache
def minisearch_unavailable() -> str | None:
    """Why MiniSearch cannot run here (None when it can): installs it on first use, once per process."""
    if not shutil.which("node"):
        return "node not found"
    return install_minisearch()


def node_env() -> dict[str, str]:
    """The environment in which node's `require("minisearch")` finds the cached package."""
    paths = [str(node_modules()), *filter(None, os.environ.get("NODE_PATH", "").split(os.pathsep))]
    return {**os.environ, "NODE_PATH": os.pathsep.join(paths)}


def run_minisearch(index: dict, queries: list[str], rounds: int = 1, settings: dict | None = None) -> Run:
    """minisearch-engine.js on our index file (parsed), as the worker would run it; `settings` override its SETTINGS."""
    return run_engine(MINISEARCH_JS, index, queries, rounds, settings, env=node_env())


__all__ = [
    "MINISEARCH_JS",
    "MINISEARCH_VERSION",
    "install_minisearch",
    "installed_version",
    "minisearch_unavailable",
    "node_env",
    "npm_dir",
    "run_minisearch",
]
