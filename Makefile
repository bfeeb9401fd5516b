# Strategy Coach: `make run` starts the coach, `make test` runs the test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Nothing may reach the network at run time; the models come from installed packages.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
# llama.cpp is compiled for a portable instruction set (AVX2 on x86-64), not for every instruction
# the build machine advertises: a virtual CPU can list extensions it then faults on (Illegal
# instruction). Set CMAKE_ARGS yourself to build differently.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: install browser postgres run lint test test-under-load test-fast bench bench-quick clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[test]'
	touch $(STAMP)

# Headless Chromium for the browser test (Debian packages; installed when missing and root).
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "The browser test needs chromium and chromium-driver: sudo apt-get install chromium chromium-driver"; fi; \
	fi

# PostgreSQL binaries for the integration tests, which start their own throwaway server on
# 127.0.0.1 (Debian packages; installed when missing and root).
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "The integration tests need PostgreSQL: sudo apt-get install postgresql"; fi; \
	fi

run: install
	$(BIN)/coach serve

# Lint and types (configured in pyproject.toml); make test runs this first.
lint: install
	$(BIN)/ruff check assistant tests bench evals
	$(BIN)/ruff format --check assistant tests bench evals
	$(BIN)/mypy

# One test file per worker at a time, so a file's shared servers and indexes are built once; files
# are handed out in collection order, which puts the longest first (LONGEST_FIRST in tests/conftest.py).
TEST_WORKERS ?= 2

test: lint browser postgres
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The process, server and crash tests 5 times in a row with both cores kept busy (RUNS=n to change).
test-under-load: install browser
	bash tests/under_load.sh

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not reliability and not integration"

# Benchmarks against the usual LangChain pipeline (its packages are a benchmark-only extra).
$(VENV)/.bench: $(STAMP)
	$(BIN)/pip install -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python bench/run.py

bench-quick: $(VENV)/.bench
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) .pytest_cache
