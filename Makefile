# Two entry points for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test browser install app-frontend bench bench-many bench-catalog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml plugins/archcheck-efiles/pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# the example plugin distribution: installed so the suite exercises the extension path
	$(BIN)/python -m pip install --quiet -e plugins/archcheck-efiles
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/archcheck demo

# The HTML report is tested in a real browser (tests/test_html_browser.py): Debian's chromium.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The app's questionnaire (app-frontend/, React + react-jsonschema-form) is built with Vite into
# src/archcheck/app/static/, which is committed so the package works offline. Run after editing the JS.
app-frontend:
	cd app-frontend && npm ci --no-audit --no-fund && npm run build

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

bench-many: $(STAMP)
	$(BIN)/python benchmarks/bench_many_units.py

bench-catalog: $(STAMP)
	$(BIN)/python benchmarks/bench_catalog.py --rows 1000000

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
