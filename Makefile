# The two commands of the README, plus a few for developers.
VENV      ?= .venv
BACKENDS  ?= sqlite postgresql
PG_URL    ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: demo test bootstrap bench clean

bootstrap:
	@bash scripts/bootstrap.sh

## make demo: a demo store in demo/crdesk.db, today's tasks, an agenda and reports in demo/out/
demo: bootstrap
	@bash scripts/demo.sh

## make test: the whole test suite on SQLite, then on PostgreSQL ($(PG_URL))
test: bootstrap
	@set -e; for backend in $(BACKENDS); do \
	  if [ "$$backend" = postgresql ]; then url="$(PG_URL)"; else url=""; fi; \
	  echo "== tests on $$backend"; \
	  CRDESK_TEST_DATABASE_URL="$$url" $(VENV)/bin/pytest $(PYTEST_ARGS); \
	done

bench: bootstrap
	@for f in bench/bench_*.py; do echo "== $$f"; $(VENV)/bin/python $$f; done

clean:
	rm -rf demo .pytest_cache .hypothesis
