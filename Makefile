# Two entry points for a fresh clone; each makes .venv itself.
#   make demo   crawl the bundled offline sample site into ./warta.db
#   make test   lint and run the whole test suite
# and one for contributors:
#   make lock   regenerate the lock files after pyproject.toml's dependencies change
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Exact versions of everything (see the dependency notes in pyproject.toml): the runtime
# lock for the demo, the test lock (runtime + test + deploy) for the tests and CI.
RUNTIME_LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
UV_VERSION := 0.13.9

.PHONY: demo test lint eval lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "warta needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	# pip 23 cannot install lxml_html_clean, which trafilatura needs: upgrade it first.
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# The lock's exact versions, then warta itself with --no-deps, so that nothing outside
# the lock comes in. (No pip check: a .venv that also holds benchmarks/requirements.txt
# has newspaper4k, which wants another python-dateutil than the lock.)
$(VENV)/.runtime: $(RUNTIME_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(RUNTIME_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test: $(TEST_LOCK) $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r $(TEST_LOCK)
	touch $@

demo: $(VENV)/.runtime
	$(BIN)/warta demo

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

# Both lock files from pyproject.toml, for every platform and Python >= 3.11. Versions
# already locked are kept while their ranges allow them, so after a merge that added or
# changed a dependency this only adds what is new. `make lock LOCK_ARGS=--upgrade` moves
# everything to the newest versions allowed; LOCK_ARGS="--upgrade-package rich" one package.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 \
	--custom-compile-command "make lock" pyproject.toml
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV_COMPILE) --extra test --extra deploy $(LOCK_ARGS) -o $(TEST_LOCK)
	# The runtime lock is the test lock's subset at the same versions: uv prefers the
	# versions already in the file it writes, so it starts from a copy of the test lock.
	cp $(TEST_LOCK) $(RUNTIME_LOCK)
	$(UV_COMPILE) -o $(RUNTIME_LOCK)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
