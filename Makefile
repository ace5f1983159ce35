# The two commands of the README, plus a few for developers.
VENV      ?= .venv
BACKENDS  ?= sqlite postgresql
PG_URL    ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: demo test test-clock bootstrap bench clean
# The machine clock for `make test-clock` (libfaketime's start-and-tick form, in the given TZ):
# a month's last day 23:30 in Guangzhou, the 1st at 07:30 in Guangzhou (UTC still on the
# previous day, a leap day) and a day in a year chinesecalendar does not know.
CLOCK_DATES ?= Asia/Shanghai@2026-11-30T23:30:00 UTC@2028-02-29T23:30:00 Asia/Shanghai@2029-12-31T23:30:00
# The clock-sensitive tests (scheduling, calendars, periods, displays, month-end reports). Browser and
# letter-worker tests start processes that sleep, which libfaketime's interception breaks; they pin no dates.
CLOCK_TESTS ?= tests/test_clock.py tests/test_time_display.py tests/test_scheduler_adhoc.py \
  tests/test_scheduler_generate.py tests/test_scheduler_calendar.py tests/test_scheduler_watermark.py \
  tests/test_calendar_provisional.py tests/test_sales_followup_month.py tests/test_service_followup_month.py \
  tests/test_service_followup_rules.py tests/test_approvals_sms.py tests/test_audit_list.py \
  tests/test_marketing_plans.py tests/test_cr_system_kanban.py tests/test_manager_month.py

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

## make test-clock: the SQLite suite with the machine's clock moved by faketime (tests pin their own clock)
test-clock: bootstrap
	@set -e; for spec in $(CLOCK_DATES); do \
	  zone="$${spec%%@*}"; moment="$$(echo "$${spec#*@}" | tr T ' ')"; \
	  echo "== tests on sqlite, machine clock $$moment $$zone"; \
	  TZ="$$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$$moment" \
	    env CRDESK_TEST_DATABASE_URL= $(VENV)/bin/pytest -q -p no:cacheprovider $(CLOCK_TESTS) $(PYTEST_ARGS); \
	done

bench: bootstrap
	@for f in bench/bench_*.py; do echo "== $$f"; $(VENV)/bin/python $$f; done

clean:
	rm -rf demo .pytest_cache .hypothesis
