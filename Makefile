# docflow — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
# Lambda functions (tasks/<name> with lambda.Start), from the task registry
# (internal/tasks); process is the ECS container. Asked once per make, and
# only by the targets that use it.
FUNCTIONS = $(eval FUNCTIONS := $(shell $(GO) run ./internal/tasks/list))$(FUNCTIONS)
BIN := bin
GOARCH_LAMBDA ?= arm64
# The arm64 bootstrap must stay under this size (bytes): 12 MiB.
MAX_BOOTSTRAP_BYTES := 12582912

.PHONY: all test test-js deps tidy-check fuzz build deploy run bench lint clean check-size docflow

all: test

## run: the whole stack on this machine (no AWS account): prints each endpoint as "name: url"
run: docflow
	$(BIN)/docflow serve $(RUN_FLAGS)

## docflow: the CLI, in bin/docflow
docflow:
	$(GO) build -o $(BIN)/docflow ./cmd/docflow

## deps: what the tests need from outside the repository (scripts/test-deps): Go modules,
## the differential suite's npm packages, Debian packages (as root; otherwise the command to run), cfn-lint
deps:
	@scripts/test-deps

# testreport turns `go test -json` back into go test's own lines and ends
# with every skipped test and why, the fuzz executions and the totals.
TESTREPORT := $(BIN)/testreport
# The packages make test runs (make test TEST_PKGS=./shared/extract/... narrows it).
TEST_PKGS ?= ./...

## test: every test: unit, handler, store, template (cfn-lint), engine conformance, end to end,
## a short fuzz of every target; it builds every function first (make build fails if a bootstrap
## is over 12 MiB) and ends with the skipped tests, the totals and tidy-check
test: deps build
	$(GO) vet ./...
	@fmt=$$(gofmt -l $$(git ls-files '*.go' ':!third_party/smithy-go' ':!third_party/gofakes3')); if [ -n "$$fmt" ]; then echo "gofmt needed: $$fmt"; exit 1; fi
	cfn-lint template.yaml
	@$(GO) build -o $(TESTREPORT) ./internal/testreport
	@set -o pipefail; { st=0; \
	  DOCFLOW_ARTIFACTS=$(CURDIR)/test-artifacts $(GO) test -json -count=1 -timeout 45m $(TEST_PKGS) || st=1; \
	  $(FORK_TESTS) || st=1; \
	  $(FUZZ_ALL); exit $$st; } | $(TESTREPORT)
	@$(MAKE) --no-print-directory test-js
	@$(MAKE) --no-print-directory tidy-check

## test-js: the page's JavaScript unit tests (web/test/*.test.mjs) with Node's own test runner
test-js:
	node --test web/test/*.test.mjs

# The embedded DynamoDB is a fork in its own module (third_party/minidyn):
# its tests, the changed Query, rollback, TTL and journal among them, run
# with docflow's. Upstream's SDK set-up refuses a custom CA bundle, so
# AWS_CA_BUNDLE is left out for them. The smithy-go and gofakes3 forks run
# the tests of the packages they change.
FORK_TESTS = (cd third_party/minidyn && env -u AWS_CA_BUNDLE $(GO) test -json -count=1 ./core ./server) && \
  (cd third_party/smithy-go && $(GO) test -json -count=1 ./transport/http ./transport/http/internal/io) && \
  (cd third_party/gofakes3 && $(GO) test -json -count=1 ./backend/s3bolt)

# Each fuzz target runs a fixed number of executions on top of its seeds
# (which every `go test` runs anyway); go test fuzzes one target per
# invocation. The counts are about 8 s of each target on a 2-core CI
# machine. A count, not a duration: with a duration, Go 1.26's fuzz
# coordinator can report the end of -fuzztime as the target's failure
# ("context deadline exceeded", no crasher; go.dev/issue/75804, fixed in
# Go 1.27). FUZZTIME, when given, replaces every count (make fuzz
# FUZZTIME=10m is the long run). A new input that widens coverage is
# minimized for at most FUZZMINIMIZETIME (go test's -fuzzminimizetime;
# its default, 60s, would eat a short run).
FUZZTIME ?=
FUZZMINIMIZETIME ?= 50x
FUZZ_TARGETS := shared/extract:FuzzDetect:100000x shared/extract:FuzzExtractPDF:10000x \
	shared/extract:FuzzExtractDOCX:7500x shared/extract:FuzzExtractHTML:9000x shared/extract:FuzzExtractCSV:13000x \
	shared/protocol:FuzzParse:200000x shared/processor:FuzzChunkPage:75000x \
	shared/auth:FuzzAuthorizer:75000x local/bedrock:FuzzWordTokenizer:22000x
FUZZ_ALL = for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; rest=$${t\#*:}; name=$${rest%%:*}; count=$${rest\#*:}; budget=$(or $(FUZZTIME),$$count); \
	  $(GO) test -json -run '^$$' -fuzz "^$$name\$$" -fuzztime $$budget -fuzzminimizetime $(FUZZMINIMIZETIME) ./$$pkg || st=1; \
	done

## fuzz: every fuzz target for its count of executions (make fuzz FUZZTIME=10m is the long run); prints executions per target
fuzz:
	@$(GO) build -o $(TESTREPORT) ./internal/testreport
	@set -o pipefail; { st=0; $(FUZZ_ALL); exit $$st; } | $(TESTREPORT)

## tidy-check: fails when `go mod tidy` would change go.mod or go.sum (and shows how)
tidy-check:
	@$(GO) mod tidy -diff || { echo "go.mod is not tidy: run go mod tidy and commit the change"; exit 1; }

## bench: the benchmarks behind the speed and memory goals; results in docs/bench-results.txt
bench:
	@mkdir -p docs
	@{ echo "# make bench, $$(date -u +%Y-%m-%dT%H:%MZ), $$(nproc) cores"; \
	  $(GO) test -run '^$$' -bench . -benchtime 3x ./shared/extract; \
	  $(GO) test -run '^$$' -bench . ./local/sfn; \
	  $(GO) test -run '^$$' -bench . -skip 'BenchmarkQuestion|BenchmarkFrameDeliveryVsFloor' -timeout 30m ./local/stack; \
	  $(GO) test -run '^$$' -bench BenchmarkFrameDeliveryVsFloor -benchtime 300x ./local/stack; \
	  $(GO) test -run '^$$' -bench BenchmarkQuestion -benchtime 200x -timeout 30m ./local/stack; \
	  $(GO) test -run '^$$' -bench 'Retrieve|AnswerStream' -benchtime 200x -timeout 20m ./local/bedrock; \
	  $(GO) test -run '^$$' -bench Ingest -benchtime 800x -timeout 20m ./local/bedrock; \
	  $(GO) test -run '^$$' -bench . ./local/sqs; \
	  (cd third_party/minidyn && env -u AWS_CA_BUNDLE $(GO) test -run '^$$' -bench 'Query|TransactWriteItems' ./server); \
	} 2>&1 | tee docs/bench-results.txt

## build: one stripped arm64 bootstrap per function in bin/<name>/bootstrap, and the process container binary
build:
	@if [ -z "$(FUNCTIONS)" ]; then echo "no functions: go run ./internal/tasks/list failed"; exit 1; fi
	@set -e; for f in $(FUNCTIONS); do \
	  CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH_LAMBDA) $(GO) build -trimpath -tags lambda.norpc \
	    -ldflags='-s -w' -o $(BIN)/$$f/bootstrap ./tasks/$$f; \
	done
	CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH_LAMBDA) $(GO) build -trimpath -ldflags='-s -w' -o $(BIN)/process/process ./tasks/process
	@$(MAKE) --no-print-directory check-size

check-size:
	@set -e; for f in $(FUNCTIONS); do \
	  size=$$(stat -c %s $(BIN)/$$f/bootstrap); \
	  printf '%-12s %8d bytes\n' $$f $$size; \
	  if [ $$size -gt $(MAX_BOOTSTRAP_BYTES) ]; then echo "$$f bootstrap is over 12 MiB"; exit 1; fi; \
	done

# sam build calls build-<LogicalId> for BuildMethod: makefile, with ARTIFACTS_DIR set.
build-%Function:
	CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH_LAMBDA) $(GO) build -trimpath -tags lambda.norpc \
	  -ldflags='-s -w' -o $(ARTIFACTS_DIR)/bootstrap ./tasks/$(shell echo $* | tr A-Z a-z)

## deploy: sam build && sam deploy (guided the first time; samconfig.toml keeps the answers)
deploy:
	sam build
	@if grep -q '^stack_name' samconfig.toml 2>/dev/null; then sam deploy; else sam deploy --guided; fi

clean:
	rm -rf $(BIN) .aws-sam
