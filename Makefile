# The two commands a newcomer needs:  make serve  and  make test
# (both set everything up first; see README.md).
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
PY := .venv/bin/python
PD := .venv-properdocs/bin/python
PYTHON ?= python3

.PHONY: setup build build-properdocs serve preview test lint validate clean

setup:
	@bash scripts/setup.sh

build: setup  ## write the static site (both languages, with PDFs) to site/
	$(PY) scripts/build.py

build-properdocs:  ## the same strict build with ProperDocs (the MkDocs 1.x fork), own venv, into site-properdocs/
	@test -x $(PD) || $(PYTHON) -m venv .venv-properdocs
	@if [ ! -f .venv-properdocs/.installed ] || [ requirements.txt -nt .venv-properdocs/.installed ] \
	    || [ requirements-properdocs.txt -nt .venv-properdocs/.installed ] \
	    || [ pyproject.toml -nt .venv-properdocs/.installed ]; then \
	  echo ">> Installing the pinned Python packages and ProperDocs into .venv-properdocs"; \
	  $(PD) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-properdocs.txt \
	    && $(PD) -m pip install --quiet --disable-pip-version-check --no-deps -e . \
	    && touch .venv-properdocs/.installed; \
	fi
	$(PD) -m properdocs build --strict -f mkdocs.yml -d site-properdocs

serve: setup  ## build and serve the whole site, with PDFs, on http://127.0.0.1:8000
	PLATFORMA_PDF=1 $(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

preview: setup  ## like serve, without PDFs, and a save makes again only the pages it changes
	$(PY) -m mkdocs serve --dirty -a 127.0.0.1:8000

test: setup  ## run the whole test suite (unit, real builds, browser) on every core; lists the 15 slowest tests
	$(PY) -m pytest -n auto --dist loadgroup --durations=15

lint: setup
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && .venv/bin/lint-imports

validate: setup  ## check practice entries only
	$(PY) scripts/validate.py

clean:
	rm -rf site site-properdocs .pytest_cache
