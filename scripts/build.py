"""Build the site without ever damaging the previous one: `python scripts/build.py [--site-dir site]`.

MkDocs empties its output folder before it writes, and a strict build that fails on a warning
fails only after writing every page. So the build goes into a new folder beside `site/`
(`.site-new-*`); only when it succeeds does that folder replace `site/`. A failed build leaves
`site/` exactly as it was and removes its own folder. Exit status: MkDocs' own.

The offline copy (issue #17): a second strict build of the same project with `PLATFORMA_OFFLINE=1`
(hooks/offline.py: pages end in `.html`, search and catalogue work from `file://`) into a temporary
folder, with the first build's PDFs copied in (`PLATFORMA_PDF_FROM`, never laid out twice), zipped
byte-identically into `offline/platforma-wiedzy.zip` of the new site; the home pages of the new site
link to it with its size. `--no-offline` skips it (and the link).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from platforma import offline

ROOT = Path(__file__).resolve().parents[1]
# Nothing in the offline copy uses these: Material's own search (ours replaces it), source maps, and the
# 404 pages and sitemaps (for a web server and search engines).
OFFLINE_SKIP = ("*.map", "assets/javascripts/lunr/*", "assets/javascripts/workers/*", "*404.html", "*sitemap.xml*")


def swap_in(new: Path, site: Path) -> None:
    """Put `new` where `site` is: two renames in the same folder, the old site removed afterwards."""
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
        old.rmdir()
        site.rename(old)
    new.rename(site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def mkdocs_build(config: Path, target: Path, mkdocs_args: list[str], env: dict[str, str]) -> int:
    """`mkdocs build --strict` of `config` into `target`; returns its exit status."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(target)]
    return subprocess.run([*command, *mkdocs_args], cwd=config.parent, env=env).returncode


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH as a number (0 when unset or not a number: the zip then dates its entries 1980-01-01)."""
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        return 0


def build_offline(config: Path, site: Path, mkdocs_args: list[str]) -> int:
    """The offline copy of `config`'s project, zipped into `site` (a finished build whose home pages carry the
    size mark); returns the exit status of its build."""
    started = time.monotonic()
    print(f">> The offline copy: a second build with .html pages, zipped into {offline.ZIP_PATH}", flush=True)
    folder = Path(tempfile.mkdtemp(prefix=".offline-", dir=site.parent))
    env = {**os.environ, offline.OFFLINE_ENV: "1"}
    env.pop(offline.LINK_ENV, None)
    if (site / "pdf").is_dir():
        env[offline.PDF_FROM_ENV] = str(site / "pdf")
    try:
        status = mkdocs_build(config, folder, mkdocs_args, env)
        if status != 0:
            return status
        size = offline.write_zip(folder, site / offline.ZIP_PATH, source_date_epoch(), skip=OFFLINE_SKIP)
        offline.fill_zip_size(site, size)
        took = time.monotonic() - started
        print(f">> The offline copy: {offline.format_size(size, 'en')}, made in {took:.0f} s", flush=True)
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build(site: Path, config: Path, mkdocs_args: list[str], *, with_offline: bool = True) -> int:
    """Strict build of `config` (and its offline copy) into a staging folder; on success it becomes `site`.
    Returns the exit status."""
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site.parent))
    env = {**os.environ}
    env.pop(offline.OFFLINE_ENV, None)
    if with_offline:
        env[offline.LINK_ENV] = "1"
    try:
        status = mkdocs_build(config, staging, mkdocs_args, env)
        if status == 0 and with_offline:
            status = build_offline(config, staging, mkdocs_args)
        if status != 0:
            print(f"!! The build failed: {site} was not changed.", file=sys.stderr)
            return status
        swap_in(staging, site)
        print(f">> The site is in {site}")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="where the finished site goes")
    parser.add_argument("--config-file", "-f", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline copy (and the home page's link)")
    args, rest = parser.parse_known_args(argv)
    return build(args.site_dir, args.config_file.absolute(), rest, with_offline=not args.no_offline)


if __name__ == "__main__":
    sys.exit(main())
