# Parley — the two commands: `make demo` and `make test`.
SWIFT ?= swift
DEMO_DIR ?= demo
DEMO_LOANS ?= 2000
DEMO_AS_OF ?= $(shell date -u +%F)

.PHONY: deps build release test demo bench clean

deps:
	@scripts/install-deps.sh $(if $(filter test,$(MAKECMDGOALS)),test,build)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product parley

# Every test: unit, store, application and end-to-end (the real binary, killed and rerun).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest tests/e2e -q -p no:cacheprovider

# Builds, generates a synthetic book, imports it and runs the daily cycle, then prints the summary.
demo: release
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@BIN=$$($(SWIFT) build -c release --show-bin-path)/parley; \
	DB=$(DEMO_DIR)/parley.db; \
	$$BIN generate --loans $(DEMO_LOANS) --seed 42 --as-of $(DEMO_AS_OF) --out $(DEMO_DIR) && \
	$$BIN init --db $$DB && \
	$$BIN import loans $(DEMO_DIR)/loans.csv --db $$DB && \
	$$BIN import payments $(DEMO_DIR)/payments.csv --db $$DB && \
	$$BIN cycle --as-of $(DEMO_AS_OF) --db $$DB && \
	echo && $$BIN case list --status open --limit 5 --db $$DB && \
	FIRST=$$($$BIN case list --limit 1 --json --db $$DB | sed -n 's/.*"loan_id":"\([^"]*\)".*/\1/p'); \
	echo && $$BIN dues $$FIRST --as-of $(DEMO_AS_OF) --db $$DB && \
	echo && echo "Explore: $$BIN case show C0000001 --db $$DB"

bench: deps
	$(SWIFT) run -c release parley-bench cycle --loans 1000000

clean:
	rm -rf .build $(DEMO_DIR)
