# botrt: run `make dev` to try the example bots on the embedded simulator,
# `make test` to run every test (what .ci/run runs).
GO      ?= go
BIN     ?= bin/botrt
PKGS    ?= ./...
# Race-checked tests on the 2-core CI machine: -p 2 keeps memory and
# scheduling predictable; the timeout is below CI's 20-minute budget.
TESTFLAGS ?= -race -p 2 -timeout 18m

.PHONY: build dev test bench lint fmt clean web

build:
	$(GO) build -o $(BIN) ./cmd/botrt

dev: build
	./$(BIN) dev scripts/examples

test:
	$(GO) vet $(PKGS)
	$(GO) test $(TESTFLAGS) $(PKGS)

# Every benchmark, once. compat's BenchmarkEchoBot (Node+Baileys vs botrt) and BenchmarkSessions (10/100/1,000
# sessions in one botrt process) run last, with a fixed message count so that runs compare, and write their
# tables (markdown + JSON) to BENCH_REPORT. The whole run takes several minutes: run it on a quiet machine.
BENCH_REPORT ?= bin/bench
BENCH_MSGS   ?= 1000x
bench:
	mkdir -p $(BENCH_REPORT)
	$(GO) test -run '^$$' -bench . -benchmem -timeout 30m $$($(GO) list $(PKGS) | grep -v '/compat$$')
	BOTRT_BENCH_REPORT=$(abspath $(BENCH_REPORT)) $(GO) test -run '^$$' -bench . -benchtime $(BENCH_MSGS) -timeout 30m ./compat
	cat $(BENCH_REPORT)/echo-bench.md $(BENCH_REPORT)/sessions-bench.md

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

# The chat page: install the locked npm packages and rebundle web/ into sim/web/assets (committed;
# TestBundleIsFresh fails when the bundle is older than web/).
web:
	cd web && npm ci --no-audit --no-fund
	$(GO) run ./sim/web/build

clean:
	rm -rf bin

# Real Baileys 7 and 6.17 (npm, pinned in compat/package-lock.json) against the simulator; the test
# installs the packages with npm ci into a folder under the temp dir on first use (reused afterwards)
# and skips without node/npm unless CI is set.
.PHONY: test-compat
test-compat:
	$(GO) test -race -count=1 -timeout 10m ./compat/
