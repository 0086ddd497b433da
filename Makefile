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

.PHONY: lab app routines-app test test-fast browser-deps git-deps bench lint clean notebook-filter mutation

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

## notebook-filter: git sees notebooks without outputs and run state (README: "Notebooks and git")
# `.gitattributes` names the filter for *.ipynb; this registers its command in the clone's
# config (idempotent). A linked worktree shares its config with every other worktree of the
# repository, so there it is only suggested, not written behind their backs.
NOTEBOOK_FILTER := $(PYTHON) tools/strip_notebook.py
notebook-filter:
	@if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then :; \
	elif [ "$$(git config filter.notebook.clean)" = "$(NOTEBOOK_FILTER)" ]; then :; \
	elif [ "$$(git rev-parse --git-dir)" != "$$(git rev-parse --git-common-dir)" ]; then \
		echo "note: a linked worktree shares git config with the others; to strip notebook" \
			"outputs run: git config filter.notebook.clean '$(NOTEBOOK_FILTER)'"; \
	else git config filter.notebook.clean '$(NOTEBOOK_FILTER)' && \
		echo "git now reads notebooks without their outputs (filter.notebook.clean)"; fi

## lab: open the authoring notebook on the bundled sample library
# default_url makes the address the server prints (and `/`) open author.ipynb itself rather
# than the Launcher: a coach who copies the link from the terminal lands on the app.
# SAVE_STRIPPED: the server saves notebooks without outputs and run state
# (tools/strip_notebook.py), so working in JupyterLab leaves `git status` clean.
LAB_URL := /lab/tree/author.ipynb
SAVE_STRIPPED := PYTHONPATH=$(CURDIR)/tools$${PYTHONPATH:+:$$PYTHONPATH}
SAVE_HOOK := --ContentsManager.pre_save_hook=strip_notebook.pre_save_hook
LAB_ARGS ?=
lab: $(VENV)/.installed notebook-filter
	cd notebooks && $(SAVE_STRIPPED) $(abspath $(BIN))/jupyter lab $(ROOT_FLAG) $(SAVE_HOOK) \
		--LabApp.default_url=$(LAB_URL) $(LAB_ARGS) author.ipynb

## app: serve the authoring notebook as a web app (Voila, no code visible)
# (no $(ROOT_FLAG) here: voila has no --allow-root option and runs as root as it is)
app: $(VENV)/.installed-app
	cd notebooks && ../$(BIN)/voila --no-browser author.ipynb

## routines-app: serve the routine builder as a web app (Voila, no code visible)
routines-app: $(VENV)/.installed-app
	cd notebooks && ../$(BIN)/voila --no-browser routines.ipynb

## browser-deps: Debian's Chromium for the real-browser tests (never Playwright's download)
browser-deps:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@$(CHROMIUM) --version

## git-deps: git itself, for the team tests (a bare remote, two clones, real merges)
git-deps:
	@command -v git >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq git >/dev/null; }
	@git --version

## test: everything, notebooks and real-browser tests included
# One test process per core (pytest-xdist); a file's tests stay in one process, so a notebook's
# cells run in order and the browser tests of a file share their servers.
TEST_WORKERS ?= auto
test: $(VENV)/.installed-test browser-deps git-deps lint notebook-filter
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile \
		--nbval-lax --nbval-current-env tests notebooks

## test-fast: the unit tests only (no notebooks, no browser)
test-fast: $(VENV)/.installed-test git-deps notebook-filter
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser" tests

## bench: timings against raw baselines, on generated libraries (not part of test)
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks

## mutation: mutmut on the modules that carry the promises; prints each module's score and
# every surviving mutant no listed reason explains (tools/mutation.py; not part of `make test`).
# Each mutant runs the tests about its module ([tool.stretchkit-mutation.tests] in pyproject.toml).
# MUTANTS="stretchkit.store.library*" re-runs only those mutants of the last run. Listed
# survivors are left out; LISTED=run runs them too (to find listings a new test made stale).
$(VENV)/.installed-mutation: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,app,mutation]'
	touch $@

# The mutants' tests keep their temporary folders in memory when the machine has a tmpfs with a
# gigabyte free: most copy the 219-file sample library, and a file costs 0.02 ms to create
# there against 0.6 ms on a disk mounted with discard (a workflow mutant took 3.7 s instead of
# 14 s). Not for `make test`: its browser tests once failed to render with it, cause not found.
MUTATION_TMPDIR ?= $(shell if [ -d /dev/shm ] && [ -w /dev/shm ] && \
	[ "$$(df -Pk /dev/shm | awk 'NR==2 {print $$4}')" -gt 1048576 ]; then echo /dev/shm; \
	else echo "$${TMPDIR:-/tmp}"; fi)

mutation: $(VENV)/.installed-test $(VENV)/.installed-mutation
	TMPDIR=$(MUTATION_TMPDIR) $(TEST_ENV) $(BIN)/python tools/mutation.py run $(if $(filter run,$(LISTED)),--run-listed) $(MUTANTS)

## lint: style (ruff) and the import contracts between layers (import-linter, pyproject.toml)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check stretchkit tests benchmarks tools
	$(BIN)/lint-imports

clean:
	rm -rf build .hypothesis
