# Parley — the two commands: `make demo` and `make test`.
SWIFT ?= swift

.PHONY: deps build release test demo bench clean

deps:
	@scripts/install-deps.sh $(if $(filter test,$(MAKECMDGOALS)),test,$(if $(filter bench,$(MAKECMDGOALS)),bench,build))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product parley

# Every test: unit, store, application and end-to-end (the real binary, killed and rerun).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest tests/e2e -q -p no:cacheprovider

# Builds, seeds a demo lender, staff accounts and a synthetic loan book, runs the daily cycle and serves
# the portal, staff pages and API on http://127.0.0.1:8080 (DEMO_PORT to change), printing logins and a borrower link.
demo: release
	@scripts/demo.sh "$$($(SWIFT) build -c release --show-bin-path)/parley"

bench: deps
	$(SWIFT) run -c release parley-bench cycle --loans 1000000
	$(SWIFT) run -c release parley-bench http
	$(SWIFT) run -c release parley-bench outreach --borrowers 100000

clean:
	rm -rf .build demo
