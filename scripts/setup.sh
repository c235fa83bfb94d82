#!/usr/bin/env bash
# Set up everything the site and the tests need, on Debian/Ubuntu: system libraries
# (WeasyPrint's Pango/HarfBuzz, Chromium and Firefox ESR for browser tests, poppler-utils for PDF
# checks, Node.js for the search tests and for driving Firefox) and a Python virtualenv in .venv with the
# pinned requirements, and tests/firefox/node_modules (puppeteer-core, pinned in its package-lock.json).
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core chromium firefox-esr poppler-utils)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# node runs the search normaliser's JavaScript tests and the search benchmark
command -v node >/dev/null || missing+=(nodejs)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo ">> Installing system packages: ${missing[*]} (one-off, a few minutes)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! Missing system packages: ${missing[*]}" >&2
    echo "!! Install them as root, e.g.: sudo apt-get install ${missing[*]}" >&2
    echo "!! (PDF output needs the Pango/HarfBuzz libraries; browser tests need chromium.)" >&2
  fi
fi

# puppeteer-core drives Debian's Firefox over WebDriver BiDi (Playwright needs its own patched Firefox build)
if command -v npm >/dev/null && { [ ! -f tests/firefox/node_modules/.installed ] \
    || [ tests/firefox/package-lock.json -nt tests/firefox/node_modules/.installed ]; }; then
  echo ">> Installing the pinned Node.js package that drives Firefox (tests/firefox)"
  npm ci --prefix tests/firefox --no-audit --no-fund --silent
  touch tests/firefox/node_modules/.installed
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo ">> Creating the virtualenv in .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ requirements.txt -nt .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] \
    || ! .venv/bin/python -I -c "import pathlib, sys, platforma.project as p
sys.exit(pathlib.Path(p.__file__).resolve() != pathlib.Path('platforma/project.py').resolve())" 2>/dev/null; then
  echo ">> Installing pinned Python packages and the build's core, platforma/ (first run: about a minute)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  touch .venv/.installed
fi
# ProperDocs (the MkDocs 1.x fork) beside the venv's packages, not among them (it takes over every `import mkdocs`
# once imported): tests/test_mkdocs_internals.py opens hooks/mkdocs_internals.py under it too
if [ ! -f .venv/properdocs/.installed ] || [ requirements-properdocs.txt -nt .venv/properdocs/.installed ]; then
  echo ">> Installing ProperDocs for the tests (.venv/properdocs)"
  rm -rf .venv/properdocs
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --target .venv/properdocs \
    -r requirements-properdocs.txt
  touch .venv/properdocs/.installed
fi
.venv/bin/python - <<'PY'
from platforma.words.lexicon import is_prepared, lexicon
for lang in ("pl", "en"):
    if not is_prepared(lang):
        print(f">> Preparing the search word lexicon ({lang}; once per machine, about 15 s)", flush=True)
        lexicon(lang)
PY
# Our code compiled once (a second or two): where PYTHONDONTWRITEBYTECODE is set, as on some CI machines, every
# build process (and the tests start dozens) would otherwise compile it again; Python checks each file's time
.venv/bin/python -m compileall -q platforma hooks scripts evaluation tests > /dev/null
echo ">> Set-up complete."
