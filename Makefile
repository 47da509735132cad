# docflow — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
# Lambda functions (tasks/<name> with lambda.Start); process is the ECS container.
FUNCTIONS := authorize connect disconnect message start trigger index complete fail
BIN := bin
GOARCH_LAMBDA ?= arm64
# The arm64 bootstrap must stay under this size (bytes): 12 MiB.
MAX_BOOTSTRAP_BYTES := 12582912

.PHONY: all test build deploy run bench lint clean check-size docflow

all: test

## run: the whole stack on this machine (no AWS account): prints each endpoint as "name: url"
run: docflow
	$(BIN)/docflow serve $(RUN_FLAGS)

## docflow: the CLI, in bin/docflow
docflow:
	$(GO) build -o $(BIN)/docflow ./cmd/docflow

## test: every test: unit, handler, store, template (cfn-lint), engine conformance, end to end;
## it also builds every function (make build fails if a bootstrap is over 12 MiB)
test: build
	$(GO) vet ./...
	@fmt=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$fmt" ]; then echo "gofmt needed: $$fmt"; exit 1; fi
	cfn-lint template.yaml
	DOCFLOW_ARTIFACTS=$(CURDIR)/test-artifacts $(GO) test -count=1 -timeout 45m ./...
	@$(MAKE) --no-print-directory fuzz

# Each fuzz target runs for FUZZTIME on top of its seeds (which every
# `go test` runs anyway); go test fuzzes one target per invocation.
FUZZTIME ?= 8s
FUZZ_TARGETS := shared/extract:FuzzDetect shared/extract:FuzzExtractPDF shared/extract:FuzzExtractDOCX \
	shared/extract:FuzzExtractHTML shared/extract:FuzzExtractCSV shared/protocol:FuzzParse shared/processor:FuzzChunkPage \
	shared/auth:FuzzAuthorizer

## fuzz: every fuzz target for FUZZTIME
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
	  $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) ./$$pkg; \
	done

## bench: the benchmarks behind the speed and memory goals; results in docs/bench-results.txt
bench:
	@mkdir -p docs
	@{ echo "# make bench, $$(date -u +%Y-%m-%dT%H:%MZ), $$(nproc) cores"; \
	  $(GO) test -run '^$$' -bench . -benchtime 3x ./shared/extract; \
	  $(GO) test -run '^$$' -bench . ./local/sfn; \
	  $(GO) test -run '^$$' -bench . -timeout 30m ./local/stack; \
	} 2>&1 | tee docs/bench-results.txt

## build: one stripped arm64 bootstrap per function in bin/<name>/bootstrap, and the process container binary
build:
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
