// Package e2e holds the end-to-end tests of the built coachsim site: a link
// walk over the static output in plain Go, and real-browser tests that drive
// headless Chromium over file:// URLs (and over a local sub-path server).
//
// The package has no code outside its tests. The tests build the real site
// once per test binary from the repository's scenarios/ and content/, plus the
// fixture scenarios in testdata/scenarios/ (flags, visits and conditional
// debrief paragraphs, which the shipped scenarios do not use yet), or use a
// prebuilt site when the environment variable COACHSIM_SITE names one (the
// fixture tests then skip unless it was built with the fixtures):
//
//	go test ./generator/e2e/
//	COACHSIM_SITE=build/site go test ./generator/e2e/
//
// Without Chromium the browser tests skip, except under CI=true, where they
// fail. Screenshots go to build/test-output/screenshots/.
package e2e
