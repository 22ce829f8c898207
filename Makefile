# The set-up commands of README.md, and the rest of the daily work.
GO ?= go
FUZZTIME ?= 5m

.PHONY: generate test check bench fuzz ci

# Compile the embedded default specs into generated/, and regenerate the
# downstream example (its own module) with the same generator.
generate:
	$(GO) run ./cmd/permcat generate
	$(GO) generate ./internal/storetest/...
	cd examples/downstream && $(GO) generate ./...

# The whole test suite, as README.md and CI run it.
test:
	$(GO) test ./...

# Fail when generated/ differs from what the specs produce.
check:
	$(GO) run ./cmd/permcat check

# Benchmarks of the generated checks and of the generator, with baselines:
# the checks of opendental and of synthetic catalogs up to 20,000
# permissions, then the generator end to end beside enumer and stringer
# (installed into a temporary directory), as a table of ratios.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./generated/opendental/ ./internal/gen/
	$(GO) run ./bench -checks
	$(GO) run ./bench

# Each fuzz target for FUZZTIME (default 5m); found crashers land in
# testdata/fuzz and become regression tests. Minimization is capped: the
# loader's seeds are whole specs, and minimizing a 100 KB input for the
# default minute stalls the run.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/syntax/
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/model/
	$(GO) test -run '^$$' -fuzz '^FuzzTerminal$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/safetext/
	$(GO) test -run '^$$' -fuzz '^FuzzGenerate$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/gen/
	$(GO) test -run '^$$' -fuzz '^FuzzSetUnmarshalJSON$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./generated/opendental/
	$(GO) test -run '^$$' -fuzz '^FuzzSetUnmarshalText$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./generated/opendental/
	$(GO) test -run '^$$' -fuzz '^FuzzSetScan$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./generated/opendental/
	$(GO) test -run '^$$' -fuzz '^FuzzDecoders$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/gen/internal/setcode/

ci:
	bash .ci/run
