# stretchkit: two commands for a new machine, `make lab` and `make test`.
# Everything installs from this project's own files into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# Keep Jupyter's per-user state out of the home folder during tests.
TEST_ENV := JUPYTER_CONFIG_DIR=$(CURDIR)/build/jupyter/config JUPYTER_DATA_DIR=$(CURDIR)/build/jupyter/data \
	JUPYTER_RUNTIME_DIR=$(CURDIR)/build/jupyter/runtime IPYTHONDIR=$(CURDIR)/build/jupyter/ipython \
	MPLBACKEND=Agg

.PHONY: lab app test test-fast browser-deps bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per install flavour; re-installs when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[app]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,app]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-app

## lab: open the authoring notebook on the bundled sample library
# default_url makes the address the server prints (and `/`) open author.ipynb itself rather
# than the Launcher: a coach who copies the link from the terminal lands on the app.
LAB_URL := /lab/tree/author.ipynb
lab: $(VENV)/.installed
	cd notebooks && ../$(BIN)/jupyter lab $(ROOT_FLAG) --LabApp.default_url=$(LAB_URL) author.ipynb

## app: serve the authoring notebook as a web app (Voila, no code visible)
# (no $(ROOT_FLAG) here: voila has no --allow-root option and runs as root as it is)
app: $(VENV)/.installed-app
	cd notebooks && ../$(BIN)/voila --no-browser author.ipynb

## browser-deps: Debian's Chromium for the real-browser tests (never Playwright's download)
browser-deps:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@$(CHROMIUM) --version

## test: everything, notebooks and real-browser tests included
test: $(VENV)/.installed-test browser-deps lint
	$(TEST_ENV) $(BIN)/python -m pytest --nbval-lax --nbval-current-env tests notebooks

## test-fast: the unit tests only (no notebooks, no browser)
test-fast: $(VENV)/.installed-test
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser" tests

## bench: timings against raw baselines, on generated libraries (not part of test)
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks

## lint: style (ruff) and the import contracts between layers (import-linter, pyproject.toml)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check stretchkit tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf build .hypothesis
