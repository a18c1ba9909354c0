# coachsim: two commands matter on a fresh machine with Go installed:
#   make site   builds the site from scenarios/ and content/ and prints where to open it
#   make test   runs every test (the browser tests need Debian's chromium)
# While working on it, make unit runs every test that needs neither Hugo nor a
# browser nor node (go test -short) in seconds.
# The first Hugo compile takes about 5 minutes; later builds reuse Go's cache.

GO ?= go
# Hugo's standard edition builds without cgo; the generator does not need it either.
export CGO_ENABLED = 0

.PHONY: site dist dev test unit check report bench fuzz clean

site:
	$(GO) run ./generator build

# The built site as one zip for trainees, build/coachsim-site.zip: unzipped,
# coachsim-site/index.html opens from the folder with no server.
dist:
	$(GO) run ./generator dist

# The live preview (coachsim serve): Hugo's own server with live reload on a
# working copy the generator refreshes in place from scenarios/, content/ and
# site/. PORT=1313 picks the port; the default is a free one.
dev:
	$(GO) run ./generator serve $(if $(PORT),-port $(PORT))

test:
	$(GO) vet ./...
	$(GO) test -timeout 60m ./...

# -short skips the tests that build a site with Hugo, drive Chromium or run
# node; nothing else.
unit:
	$(GO) vet ./...
	$(GO) test -short ./...

check:
	$(GO) run ./generator check

report:
	$(GO) run ./generator report

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./generator/bench/
	$(GO) test -run '^$$' -bench SVGLargest -benchtime 10x ./generator/diagram/
	$(GO) test -run '^$$' -bench PreviewRebuild -benchtime 5x -timeout 10m ./generator/preview/

fuzz:
	$(GO) test ./generator/check -run '^$$' -fuzz FuzzCheck -fuzztime 60s
	$(GO) test ./generator/load -run '^$$' -fuzz FuzzLesson -fuzztime 30s
	$(GO) test ./generator/load -run '^$$' -fuzz FuzzCohort -fuzztime 30s
	$(GO) test ./generator/scenario -run '^$$' -fuzz FuzzParseCond -fuzztime 30s

clean:
	rm -rf build
