# Purna: the single entry point. `make run` to try it, `make test` before you push.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/purna
export PURNA_DEBUG ?= 1
# Test processes per pass (pytest-xdist). 0: one process. On the 2-core CI machine two
# workers were slower (15 min against about 12): each builds its own database with the
# 83,762 villages. Try `make test TEST_WORKERS=auto` on a machine with more cores.
TEST_WORKERS ?= 0

.PHONY: install run test lint test-sqlite test-postgres browser-deps translations clean

$(BIN)/purna: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/purna

install: $(BIN)/purna translations

translations: $(BIN)/purna
	$(BIN)/python -m purna.i18n

# The outbox worker (purna db_worker) runs beside the web server and stops with it: on
# Ctrl-C, or when the server exits for any reason. --no-reload keeps the worker one process
# the trap can stop (the reloader would leave its child running); restart `make run` after
# changing delivery code.
run: install
	$(BIN)/purna migrate --no-input
	$(BIN)/purna load-demo
	$(BIN)/purna db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/purna runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check purna tests bench
	$(BIN)/purna makemigrations --check --dry-run

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else echo "Browser tests need Debian's Chromium: sudo apt-get install -y chromium"; exit 1; fi; \
	fi

test-sqlite: install browser-deps
	DATABASE_URL= $(BIN)/pytest -n $(TEST_WORKERS)

# Uses DATABASE_URL when it points at PostgreSQL, else a server on 127.0.0.1:5432.
# PURNA_REQUIRE_POSTGRES=1 (set by .ci/run) turns a skipped pass into a failure.
test-postgres: install browser-deps
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	case "$$url" in postgres*) ;; *) url="$(PG_URL)";; esac; \
	if $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1].rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== PostgreSQL pass ($${url%%@*}@…)"; DATABASE_URL="$$url" $(BIN)/pytest -n $(TEST_WORKERS); \
	else \
	  echo "PostgreSQL pass SKIPPED: no server at $$url (set DATABASE_URL)"; \
	  if [ -n "$$PURNA_REQUIRE_POSTGRES" ]; then exit 1; fi; \
	fi

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
