# Two entry points for a fresh clone: `make demo` and `make test`. Neither needs root.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The SARIF validator the tests run (tests/test_sarif_validator.py): Microsoft's SARIF Multitool from
# the npm registry, installed into the venv when npm is on PATH.
SARIF_MULTITOOL_VERSION := 5.7.0
NPM_PREFIX := $(VENV)/npm
MULTITOOL  := $(NPM_PREFIX)/.multitool-$(SARIF_MULTITOOL_VERSION)

.PHONY: demo test install bytecode dist sarif-validator app-frontend bench bench-many bench-catalog bench-catalog-findings bench-volumes bench-link bench-efiles bench-xlsx clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml plugins/archcheck-efiles/pyproject.toml plugins/archcheck-hunan/pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	# a venv made before the distribution was renamed still has the old name's metadata
	$(BIN)/python -m pip uninstall --quiet --yes archcheck 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# the example plugin distribution: installed so the suite exercises the extension path
	$(BIN)/python -m pip install --quiet -e 'plugins/archcheck-efiles[pdf]'
	# the provincial pack (Hunan's profiles and local rules): what a province ships, installed the same way
	$(BIN)/python -m pip install --quiet -e plugins/archcheck-hunan
	touch $(STAMP)

install: $(STAMP)

# Bytecode for the project's own sources, which are installed editable: Python writes it on first
# import, except where PYTHONDONTWRITEBYTECODE is set (as on some CI machines), and then every run, and
# every command the suite runs, compiles them again (≈ 0.2 s each; see docs/performance.md). Only
# changed files are compiled; one that does not compile is left to fail where it is imported.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src plugins >/dev/null || true

demo: bytecode
	$(BIN)/archcheck demo

$(MULTITOOL): | $(BIN)/python
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(NPM_PREFIX) \
	    @microsoft/sarif-multitool@$(SARIF_MULTITOOL_VERSION) && \
	  chmod u+x $(NPM_PREFIX)/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool && touch $@; \
	else echo "npm is not installed: the SARIF validator test will say what to install"; fi

sarif-validator: $(MULTITOOL)

# The HTML report is tested in a real browser (Debian's chromium): `.ci/run` installs it, as root;
# elsewhere the browser test says what to install.
test: bytecode sarif-validator
	$(BIN)/python -m pytest

# A wheel and an sdist of archcheck-dangan in dist/ (schemas, profiles and the example inside).
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

# The app's questionnaire (app-frontend/, React + react-jsonschema-form) is built with Vite into
# src/archcheck/app/static/, which is committed so the package works offline. Run after editing the JS.
app-frontend:
	cd app-frontend && npm ci --no-audit --no-fund && npm run build

bench: bytecode
	$(BIN)/python benchmarks/bench_check.py

bench-many: bytecode
	$(BIN)/python benchmarks/bench_many_units.py

bench-catalog: bytecode
	$(BIN)/python benchmarks/bench_catalog.py --rows 1000000

# peak memory per report format when every row of a 1M-row export is defective
bench-catalog-findings: bytecode
	$(BIN)/python benchmarks/bench_catalog_findings.py --rows 1000000

# archcheck on a 100k-row XLSX against a bare python-calamine read of the same sheet
bench-xlsx: bytecode
	$(BIN)/python benchmarks/bench_xlsx.py --rows 100000

bench-volumes: bytecode
	$(BIN)/python benchmarks/bench_volumes.py --volumes 50000 --items 20

bench-link: bytecode
	$(BIN)/python benchmarks/bench_link.py --rows 1000000 --repeat 5

# the EFL rules on a catalogue of N rows and a folder of N files: CPU and peak RSS at each N
bench-efiles: bytecode
	$(BIN)/python benchmarks/bench_efiles.py --sizes 10000,30000,100000 --repeat 3

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
