"""Build the site without ever damaging the previous one: `python scripts/build.py [--site-dir site]`.

MkDocs empties its output folder before it writes, and a strict build that fails on a warning
fails only after writing every page. So the build goes into a new folder beside `site/`
(`.site-new-*`); only when it succeeds does that folder replace `site/`. A failed build leaves
`site/` exactly as it was and removes its own folder. Exit status: MkDocs' own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def build(site: Path, config: Path, mkdocs_args: list[str]) -> int:
    """Strict build of `config` into a staging folder; on success it becomes `site`. Returns the exit status."""
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site.parent))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(staging)]
    try:
        status = subprocess.run([*command, *mkdocs_args], cwd=config.parent, env=os.environ.copy()).returncode
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
    args, rest = parser.parse_known_args(argv)
    return build(args.site_dir, args.config_file.absolute(), rest)


if __name__ == "__main__":
    sys.exit(main())
