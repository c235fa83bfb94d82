# The two commands a newcomer needs:  make serve  and  make test
# (both set everything up first; see README.md).
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
PY := .venv/bin/python

.PHONY: setup build serve preview test lint validate clean

setup:
	@bash scripts/setup.sh

build: setup  ## write the static site (both languages, with PDFs) to site/
	$(PY) scripts/build.py

serve: setup  ## build and serve the whole site, with PDFs, on http://127.0.0.1:8000
	PLATFORMA_PDF=1 $(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

preview: setup  ## like serve, without PDFs: quicker while editing
	$(PY) -m mkdocs serve -a 127.0.0.1:8000

test: setup  ## run the whole test suite (unit, real builds, browser)
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

validate: setup  ## check practice entries only
	$(PY) scripts/validate.py

clean:
	rm -rf site .pytest_cache
