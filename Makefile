# everyside: two commands on a fresh machine.
#   make demo   set up .venv and run the main job on the bundled demo corpus
#   make test   set up .venv and run ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

.PHONY: install demo test lint typecheck bench eval clean constraints browser serve

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,spark]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/everyside demo
	@echo "The command is $(BIN)/everyside (or run: source $(BIN)/activate)."

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src benchmarks/soak.py

# The storage tests run on SQLite and on a throw-away PostgreSQL server that
# .ci/with-postgres.sh installs (Debian's postgresql) if needed, starts and stops.
test: lint typecheck browser
	.ci/with-postgres.sh $(BIN)/pytest -q -m "not slow"

# Debian's chromium for the browser tests (tests/e2e); they skip when it cannot be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; } \
		|| echo "make browser: could not install Debian's chromium (needs root and apt-get); the browser tests will be skipped."

# The web app over the demo store (made by `make demo` when missing).
serve: install
	@test -f everyside.db || $(BIN)/everyside demo
	@echo "Open http://127.0.0.1:$(PORT)/ (Ctrl+C stops the server)."
	$(BIN)/everyside serve --port $(PORT)

# `everyside watch examples/watch.toml` against a replay of the demo corpus on 127.0.0.1
# (its ten outlets' feeds on port 8765, webhooks and SMTP on 8765 and 8025), into a
# throw-away store, for WATCH_DEMO_SECONDS: long enough for the replay to run out, every
# feed to be polled after it and every rule to fire. Both stop on SIGTERM; offline. The
# watcher waits for the replay's own feed, so another server on port 8765 stops the demo.
WATCH_DEMO_SECONDS ?= 100
.PHONY: watch-demo
watch-demo: install
	@tmp=$$(mktemp -d); \
	$(BIN)/python -m everyside.devtools.replay --port 8765 --smtp-port 8025 --step 10 & replay=$$!; \
	trap 'kill -TERM $$replay 2>/dev/null; wait $$replay; rm -rf $$tmp' EXIT; \
	until $(BIN)/python -c 'import urllib.request as u; u.urlopen("http://127.0.0.1:8765/meridian-wire.xml", timeout=2)' 2>/dev/null \
		&& kill -0 $$replay 2>/dev/null; do \
		kill -0 $$replay 2>/dev/null || { echo "watch-demo: the replay could not start (ports 8765 and 8025 free?)"; exit 1; }; \
		sleep 0.2; done; \
	timeout --signal=TERM --preserve-status $(WATCH_DEMO_SECONDS) \
		$(BIN)/everyside --db $$tmp/watch-demo.db watch examples/watch.toml

bench: install
	$(BIN)/python -m benchmarks.ingest_throughput
	$(BIN)/python -m benchmarks.analysis_throughput
	$(BIN)/python -m benchmarks.cluster_throughput
	$(BIN)/python -m benchmarks.embedding_throughput
	$(BIN)/python -m benchmarks.compare_throughput
	$(BIN)/python -m benchmarks.event_throughput
	$(BIN)/python -m benchmarks.watch_polling
	$(BIN)/python -m benchmarks.api_latency
	$(BIN)/python -m benchmarks.pipeline_throughput
	$(BIN)/python -m benchmarks.spark_scaling
	$(BIN)/python -m benchmarks.model_overhead
	$(BIN)/python -m benchmarks.near_duplicate_store
	$(BIN)/python -m benchmarks.cluster_restore

# The store at scale (benchmarks/scale.py; not in make test nor make bench): one SQLite store
# grown through three sizes of generated articles, measured at each (RSS, disk, query and
# story-page p50/p99, assignment p99), the 1M figures extrapolated and drawn into
# docs/images/scaling-1m.svg. Hours at the default sizes on two cores;
# BENCH_SCALE_SIZES="3000 10000 30000" make bench-scale for a run of minutes.
BENCH_SCALE_SIZES ?= 30000 100000 300000
.PHONY: bench-scale
bench-scale: install
	$(BIN)/python -m benchmarks.scale --sizes $(BENCH_SCALE_SIZES)

eval: install
	$(BIN)/pytest -q -m slow

# The property tests (tests/fuzz) with the long Hypothesis profile: thousands of examples
# per reader, parser and API route instead of make test's few dozen (tests/fuzz/profile.py).
.PHONY: fuzz
fuzz: install
	EVERYSIDE_FUZZ=long $(BIN)/pytest -q tests/fuzz

# The soak test (benchmarks/soak.py; not in make test): everyside watch over local feeds
# that inject faults (HTTP errors, garbage, slow drips, dropped connections), restarted with
# SIGTERM and SIGKILL, the API under light load meanwhile; then checks that no article was
# lost or stored twice, no alert repeated, memory stayed flat and db check is clean.
# SOAK_MINUTES=5 make soak for a short run. Exits non-zero on any violation.
SOAK_MINUTES ?= 30
.PHONY: soak
soak: install
	$(BIN)/python -m benchmarks.soak --minutes $(SOAK_MINUTES)

# Re-pin every dependency to what the current .venv resolved (run after changing pyproject.toml).
constraints: install
	$(BIN)/python -m pip freeze --exclude-editable --exclude everyside > constraints.txt

clean:
	rm -rf $(VENV) everyside.db everyside.db-wal everyside.db-shm everyside-demo .pytest_cache .mypy_cache .ruff_cache
