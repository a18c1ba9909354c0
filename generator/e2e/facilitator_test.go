package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// The facilitator page (issue 11, "Results without a server"): debrief
// codes pasted and exported debrief files chosen become a table, each row
// checked by replaying its path with the site's data, and a CSV.

// facPlay is one real play, ended in the browser, with what it exported.
type facPlay struct {
	sc      *scenario.Scenario
	path    analysis.Path // analysis.Play of the path: the expected row
	trainee string
	code    string
	json    string
	html    string
}

// facRow is one row of the facilitator's table, as the page shows it.
type facRow struct {
	Trainee  string            `json:"trainee"`
	Scenario string            `json:"scenario"`
	Date     string            `json:"date"`
	Moment   string            `json:"moment"`
	Ending   string            `json:"ending"`
	Final    map[string]string `json:"final"`
	FinalTxt string            `json:"finalText"`
	Steps    string            `json:"steps"`
	Version  string            `json:"version"`
	From     string            `json:"from"`
	Open     string            `json:"open"`
	// VersionTxt is the text of the version cell.
	VersionTxt string `json:"versionText"`
}

const facRowsJS = `Array.prototype.map.call(document.querySelectorAll('tr[data-role="result"]'), function (tr) {
  function c(r) { return tr.querySelector('[data-role="' + r + '"]'); }
  var f = c('final'), o = tr.querySelector('a[data-role="open"]'), attrs = {};
  ['data-trust', 'data-accountability', 'data-quadrant'].forEach(function (k) { if (f.hasAttribute(k)) attrs[k] = f.getAttribute(k); });
  return {trainee: tr.querySelector('input[data-role="trainee"]').value, scenario: c('scenario').textContent, date: c('date').textContent,
    moment: c('ending').getAttribute('data-moment'), ending: c('ending').textContent, final: attrs, finalText: f.textContent,
    steps: c('steps').textContent, version: tr.getAttribute('data-version'), from: tr.getAttribute('data-from'), open: o ? o.getAttribute('href') : '',
    versionText: tr.querySelector('td[data-version]').textContent};
})`

// facPlays plays up to three real paths to their endings (two of the first
// scenario, one of the second), each with a trainee's name typed, and
// takes their codes and exports.
func facPlays(t *testing.T, s *siteInfo) []facPlay {
	t.Helper()
	var out []facPlay
	sc := s.scenarios[0]
	paths := progressPaths(t, sc, s.analyses[sc.ID.Value])
	type job struct {
		sc *scenario.Scenario
		p  analysis.Path
	}
	jobs := []job{}
	for _, p := range paths {
		jobs = append(jobs, job{sc, p})
	}
	if len(s.scenarios) > 1 && !s.fixtures[s.scenarios[1].ID.Value] {
		jobs = append(jobs, job{s.scenarios[1], s.analyses[s.scenarios[1].ID.Value].Best})
	}
	tb := newTab(t, tabOptions{})
	for i, j := range jobs {
		want, err := analysis.Play(j.sc, j.p.Choices())
		if err != nil {
			t.Fatal(err)
		}
		if err := tb.navigate(endingURL(s, fileURL(s.dir, ""), j.sc, want)); err != nil {
			t.Fatal(err)
		}
		name := []string{"Ana Müller", "=Ben \"B\" O'Neil, jr", "Chloé"}[i%3]
		ctx, cancel := tb.step(0)
		err = chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`[data-role="debrief-code"]`)))
		if err == nil {
			err = poll(tb, `window.CoachSim.debrief.json() !== null`)
		}
		if err == nil {
			err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#cs-trainee`), name))
		}
		cancel()
		if err != nil {
			t.Fatalf("%s: the ending of %s shows no debrief: %v", j.sc.ID.Value, pathString(want), err)
		}
		got, err := eval[map[string]string](tb, `({code: document.querySelector('[data-role="debrief-code"]').textContent, json: window.CoachSim.debrief.json(), html: window.CoachSim.debrief.html()})`)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, facPlay{sc: j.sc, path: want, trainee: name, code: got["code"], json: got["json"], html: got["html"]})
	}
	return out
}

// wrongStamp returns a play's JSON export as if made on another version
// of its scenario, with a final position no replay of this copy gives.
func wrongStamp(t *testing.T, p facPlay) (string, string) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(p.json), &doc); err != nil {
		t.Fatal(err)
	}
	stamp := "0badc0de"
	if scenario.Stamp(p.sc) == stamp {
		stamp = "0badc0df"
	}
	code := p.sc.ID.Value + ":" + stamp + ":" + pathString(p.path)
	doc["code"] = code
	doc["scenario"].(map[string]any)["stamp"] = stamp
	doc["final"] = map[string]any{"trust": 7, "accountability": -3, "quadrant": "compliance"}
	doc["trainee"] = "Old Version"
	b, _ := json.Marshal(doc)
	return string(b), code
}

// poll waits up to 10 s for a JavaScript expression to be true.
func poll(tb *tab, expr string) error {
	ctx, cancel := tb.step(0)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second)))
	return err
}

// tampered returns a play's JSON export with a better final position and
// another ending title than its path reaches, as an edited file would be.
func tampered(t *testing.T, p facPlay) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(p.json), &doc); err != nil {
		t.Fatal(err)
	}
	doc["final"] = map[string]any{"trust": 10, "accountability": 10, "quadrant": "transformational"}
	if p.path.End.Pos.Trust == 10 && p.path.End.Pos.Accountability == 10 {
		doc["final"] = map[string]any{"trust": 9, "accountability": 9, "quadrant": "transformational"}
	}
	doc["ending"].(map[string]any)["title"] = "The best ending"
	doc["trainee"] = "Edited"
	b, _ := json.Marshal(doc)
	return string(b)
}

// TestFacilitator feeds the facilitator page real debrief codes (pasted,
// with words around them, a wrong stamp and invalid lines) and real
// exported files (JSON and HTML, one of another version, one not a
// debrief), then checks every row against the Go analysis, the CSV,
// that the table survives a reload, and that a row opens its debrief.
func TestFacilitator(t *testing.T) {
	s := needSite(t)
	plays := facPlays(t, s)
	if len(plays) < 2 {
		t.Fatalf("only %d plays", len(plays))
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	old, oldCode := wrongStamp(t, plays[0])
	files := []string{
		write("debrief-"+plays[0].sc.ID.Value+".json", plays[0].json),
		write("debrief-"+plays[1].sc.ID.Value+".html", plays[1].html),
		write("old-version.json", old),
		write("notes.json", `{"hello": "world"}`),
		write("tampered.json", tampered(t, plays[1])),
		write("old-version.html", strings.ReplaceAll(plays[1].html, scenario.Stamp(plays[1].sc), "0badc0de")),
	}

	fac := s.pages["facilitator.html"]
	if fac == nil || fac.body["data-page"] != "facilitator" {
		t.Fatalf("facilitator.html is missing or has body %s", bodyDesc(fac))
	}
	tb := newTab(t, tabOptions{})
	if err := tb.navigate(s.url(fac)); err != nil {
		t.Fatal(err)
	}
	if _, err := eval[bool](tb, `localStorage.removeItem('coachsim.facilitator'); true`); err != nil {
		t.Fatal(err)
	}
	if err := tb.reload(); err != nil {
		t.Fatal(err)
	}

	// Pasted: the last play's code inside a sentence, a wrong stamp, and
	// three lines that are not codes of this copy.
	last := plays[len(plays)-1]
	badPath := plays[0].sc.ID.Value + ":" + scenario.Stamp(plays[0].sc) + ":9.9.9"
	wrongCode := oldCode
	pasted := strings.Join([]string{
		"my code is " + last.code + ", thanks!",
		"hello, no code here",
		wrongCode,
		badPath,
		"",
		plays[0].sc.ID.Value + ":" + scenario.Stamp(plays[0].sc) + ":0.1234",
	}, "\n")
	ctx, cancel := tb.step(0)
	err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#fac-codes`), pasted), chromedp.SetValue(chromedp.CSS(`#fac-name`), "Dee"),
		chromedp.Click(chromedp.CSS(`button[data-role="add-codes"]`)))
	cancel()
	if err == nil {
		err = poll(tb, `/^Added/.test(document.querySelector('[data-role="status"]').textContent)`)
	}
	if err != nil {
		t.Fatalf("pasting codes: %v", err)
	}
	msgs, err := eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll('[data-role="problems"] li'), function (li) { return li.textContent; })`)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || !strings.HasPrefix(msgs[0], "Line 2:") || !strings.HasPrefix(msgs[1], "Line 4:") || !strings.HasPrefix(msgs[2], "Line 6:") {
		t.Errorf("the problems with the pasted lines read %q; want one each for lines 2, 4 and 6", msgs)
	}
	left, _ := eval[string](tb, `document.querySelector('#fac-codes').value`)
	if want := "hello, no code here\n" + badPath + "\n" + plays[0].sc.ID.Value + ":" + scenario.Stamp(plays[0].sc) + ":0.1234"; left != want {
		t.Errorf("after adding, the box holds %q; want the lines that could not be read, %q", left, want)
	}

	// Files, as the file input receives them.
	ctx, cancel = tb.step(0)
	err = chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`input[data-role="files"]`), files))
	cancel()
	if err == nil {
		err = poll(tb, `document.querySelectorAll('tr[data-role="result"]').length === 7`)
	}
	if err != nil {
		st, _ := eval[string](tb, `document.querySelector('[data-js="status"]').innerText`)
		t.Fatalf("adding files: %v (the page says %q)", err, st)
	}
	msgs, _ = eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll('[data-role="problems"] li'), function (li) { return li.textContent; })`)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "notes.json: it is not a coachsim debrief") {
		t.Errorf("the problems with the files read %q; want one, for notes.json", msgs)
	}

	check := func(when string) []facRow {
		t.Helper()
		rows, err := eval[[]facRow](tb, facRowsJS)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 7 {
			t.Fatalf("%s: %d rows, want 7", when, len(rows))
		}
		today := time.Now().Format("2006-01-02")
		type exp struct {
			p       facPlay
			trainee string
			date    string
			ok      bool // of this version: replayed
		}
		exps := []exp{
			{last, "Dee", today + " (pasted)", true},
			{plays[0], "Dee", today + " (pasted)", false},
			{plays[0], plays[0].trainee, today, true},
			{plays[1], plays[1].trainee, today, true},
			{plays[0], "Old Version", today, false},
			{plays[1], "Edited", today, true},
			{plays[1], plays[1].trainee, today, false},
		}
		for i, e := range exps {
			r, what := rows[i], fmt.Sprintf("%s: row %d", when, i+1)
			if r.Trainee != e.trainee || r.Scenario != e.p.sc.Title.Value || r.Date != e.date {
				t.Errorf("%s reads %q, %q, %q; want %q, %q, %q", what, r.Trainee, r.Scenario, r.Date, e.trainee, e.p.sc.Title.Value, e.date)
			}
			if r.Steps != strconv.Itoa(len(e.p.path.Steps)) {
				t.Errorf("%s: %s steps, want %d", what, r.Steps, len(e.p.path.Steps))
			}
			if !e.ok {
				continue
			}
			end := e.p.sc.Moment(e.p.path.End.Moment)
			if r.Version != "match" || r.From != "replay" || r.Moment != end.ID || r.Ending != end.Ending.Title.Value {
				t.Errorf("%s: version %q, numbers from %q, ending %q %q; want match, replay, %q %q", what, r.Version, r.From, r.Moment, r.Ending, end.ID, end.Ending.Title.Value)
			}
			if err := checkPosition("final", r.Final, e.p.path.End.Pos); err != nil {
				t.Errorf("%s: %v", what, err)
			}
			if a := e.p.path.End.Pos.Accountability; a < 0 && !strings.Contains(r.FinalTxt, "\u2212"+strconv.Itoa(-a)) {
				t.Errorf("%s: the final position reads %q, want a minus sign (U+2212)", what, r.FinalTxt)
			}
			if want := "scenarios/" + e.p.sc.ID.Value + "/moment-" + end.ID + ".html?review#p=" + scenario.Stamp(e.p.sc) + ":" + pathString(e.p.path); r.Open != want {
				t.Errorf("%s opens %q, want %q", what, r.Open, want)
			}
		}
		// Another version: the pasted code has no numbers; the file's are
		// its own, not this copy's replay.
		if r := rows[1]; r.Version != "other" || r.From != "" || len(r.Final) != 0 || r.Open != "" {
			t.Errorf("%s: the pasted code of another version shows version %q, numbers from %q, %v, link %q; want other, none, none, none", when, r.Version, r.From, r.Final, r.Open)
		}
		if r := rows[4]; r.Version != "other" || r.From != "file" || r.Final["data-trust"] != "7" || r.Final["data-accountability"] != "-3" || r.Open != "" {
			t.Errorf("%s: the file of another version shows version %q, numbers from %q, %v, link %q; want other, file, (7, -3), none", when, r.Version, r.From, r.Final, r.Open)
		}
		// A file of this version whose numbers were edited: the replay's
		// numbers, and a note that the file says otherwise.
		if r := rows[5]; !strings.Contains(r.VersionTxt, "The file states") {
			t.Errorf("%s: the edited file's row says %q; want a note that the file states other numbers", when, r.VersionTxt)
		}
		// The HTML file of another version: its own numbers, read from its
		// facts list (with U+2212 for minus), its ending's title.
		end := plays[1].sc.Moment(plays[1].path.End.Moment)
		if r := rows[6]; r.Version != "other" || r.From != "file" || r.Ending != end.Ending.Title.Value || checkPosition("final", r.Final, plays[1].path.End.Pos) != nil {
			t.Errorf("%s: the HTML file of another version shows %+v; want other, from the file, %q at %v", when, r, end.Ending.Title.Value, plays[1].path.End.Pos)
		}
		return rows
	}
	check("after pasting and adding files")

	// The CSV, as the download button makes it.
	ctx, cancel = tb.step(0)
	err = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(function () { var o = URL.createObjectURL; window.__csv = null;
  URL.createObjectURL = function (b) { window.__csv = b; return o.call(URL, b); }; })()`),
		chromedp.Click(chromedp.CSS(`button[data-role="csv"]`)))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = tb.step(0)
	// The bytes, not Blob.text(), which drops a byte order mark.
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`window.__csv.arrayBuffer().then(function (b) { return Array.prototype.slice.call(new Uint8Array(b)); })`, chromedp.EvalAwaitPromise))
	cancel()
	if err != nil {
		t.Fatalf("reading the CSV's blob: %v", err)
	}
	text := make([]byte, len(raw))
	for i, v := range raw {
		text[i] = byte(v)
	}
	if typ, _ := eval[string](tb, `window.__csv.type`); typ != "text/csv;charset=utf-8" {
		t.Errorf("the CSV's type is %q", typ)
	}
	checkCSV(t, string(text), plays, last)

	// The table is kept over a reload.
	if err := tb.reload(); err != nil {
		t.Fatal(err)
	}
	if err := poll(tb, `document.querySelectorAll('tr[data-role="result"]').length === 7`); err != nil {
		t.Fatalf("after a reload: %v", err)
	}
	check("after a reload")

	// Remove one row, clear all, undo.
	ctx, cancel = tb.step(0)
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`tr[data-role="result"]:nth-child(2) button[data-role="remove"]`)))
	cancel()
	if n, _ := eval[int](tb, `document.querySelectorAll('tr[data-role="result"]').length`); err != nil || n != 6 {
		t.Errorf("after removing a row: %d rows (%v), want 6", n, err)
	}
	ctx, cancel = tb.step(0)
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-role="clear"]`)))
	cancel()
	if n, _ := eval[int](tb, `document.querySelectorAll('tr[data-role="result"]').length`); err != nil || n != 0 {
		t.Errorf("after clearing: %d rows (%v), want 0", n, err)
	}
	ctx, cancel = tb.step(0)
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-role="undo"]`)))
	cancel()
	if n, _ := eval[int](tb, `document.querySelectorAll('tr[data-role="result"]').length`); err != nil || n != 6 {
		t.Errorf("after undoing the clear: %d rows (%v), want 6", n, err)
	}

	// A file dropped on the drop zone (a DataTransfer, as a drag from the
	// desktop delivers it) is added like a chosen one.
	drop := fmt.Sprintf(`(function () { var dt = new DataTransfer(); dt.items.add(new File([%q], "debrief-dropped.json", {type: "application/json"}));
  document.querySelector('[data-role="drop"]').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); return true; })()`, last.json)
	if _, err := eval[bool](tb, drop); err != nil {
		t.Fatal(err)
	}
	if err := poll(tb, `document.querySelectorAll('tr[data-role="result"]').length === 7`); err != nil {
		t.Fatalf("dropping a file: %v", err)
	}
	if rows, err := eval[[]facRow](tb, facRowsJS); err != nil || rows[6].Trainee != last.trainee || rows[6].Version != "match" || checkPosition("final", rows[6].Final, last.path.End.Pos) != nil {
		t.Errorf("the dropped file's row: %+v (%v)", rows[6], err)
	}

	// A row opens its debrief: the ending its path reaches, as a review,
	// which this browser's progress does not keep as an attempt.
	const attemptsJS = `(function () { try { var v = JSON.parse(localStorage.getItem('coachsim.progress') || 'null'); return v && v.attempts ? v.attempts.length : 0; } catch (e) { return -1; } })()`
	before, err := eval[int](tb, attemptsJS)
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.click(`tr[data-role="result"] a[data-role="open"]`); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitPage("ending"); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitFor(`[data-role="transcript"]`); err != nil {
		t.Fatal(err)
	}
	if note, err := eval[string](tb, `(document.querySelector('[data-role="review"]') || {}).textContent || ''`); err != nil || !strings.Contains(note, "not added") {
		t.Errorf("the debrief a row opened says %q (%v), want that it is not added to this browser's progress", note, err)
	}
	if after, err := eval[int](tb, attemptsJS); err != nil || after != before {
		t.Errorf("opening a trainee's debrief changed this browser's attempts from %d to %d (%v)", before, after, err)
	}
	st, err := tb.state()
	if err != nil {
		t.Fatal(err)
	}
	if st.Scenario != last.sc.ID.Value || st.Moment != last.path.End.Moment {
		t.Errorf("the first row opened %s, want the ending %s of %s", st.where(), last.path.End.Moment, last.sc.ID.Value)
	}
	if err := checkPosition("final", st.Final, last.path.End.Pos); err != nil {
		t.Errorf("the debrief the row opened: %v", err)
	}
}

// checkCSV checks the facilitator's CSV: a BOM, CRLF lines, a header, one
// record per row with the expected fields, names with quotes and commas
// quoted (RFC 4180), and a name that looks like a formula kept as text.
func checkCSV(t *testing.T, text string, plays []facPlay, last facPlay) {
	t.Helper()
	if !strings.HasPrefix(text, "\ufeff") {
		t.Errorf("the CSV does not start with a byte order mark: %q", text[:min(20, len(text))])
	}
	body := strings.TrimPrefix(text, "\ufeff")
	if strings.Count(body, "\r\n") < 6 {
		t.Errorf("the CSV's lines do not end in CRLF: %q", body)
	}
	r := csv.NewReader(bytes.NewReader([]byte(body)))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, body)
	}
	if len(recs) != 8 {
		t.Fatalf("the CSV has %d records, want a header and 7 rows:\n%s", len(recs), body)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"trainee", "scenario", "date", "ending", "trust", "accountability", "quadrant", "steps", "stamp", "version", "numbers_from", "code"} {
		if _, ok := col[h]; !ok {
			t.Errorf("the CSV's header %q has no column %q", recs[0], h)
		}
	}
	get := func(rec []string, h string) string { return rec[col[h]] }
	rows := []struct {
		p       facPlay
		trainee string
		match   bool
	}{{last, "Dee", true}, {plays[0], "Dee", false}, {plays[0], plays[0].trainee, true}, {plays[1], plays[1].trainee, true}, {plays[0], "Old Version", false},
		{plays[1], "Edited", true}, {plays[1], plays[1].trainee, false}}
	for i, w := range rows {
		rec := recs[i+1]
		want := w.trainee
		if strings.HasPrefix(want, "=") {
			want = "'" + want
		}
		if get(rec, "trainee") != want || get(rec, "scenario") != w.p.sc.ID.Value || get(rec, "steps") != strconv.Itoa(len(w.p.path.Steps)) {
			t.Errorf("CSV row %d: %q", i+1, rec)
		}
		if !w.match {
			if get(rec, "version") != "other version" {
				t.Errorf("CSV row %d: version %q, want other version", i+1, get(rec, "version"))
			}
			continue
		}
		pos := w.p.path.End.Pos
		if get(rec, "ending") != w.p.path.End.Moment || get(rec, "trust") != strconv.Itoa(pos.Trust) || get(rec, "accountability") != strconv.Itoa(pos.Accountability) ||
			get(rec, "quadrant") != scenario.QuadrantOf(pos).Slug() || get(rec, "version") != "matches this copy" || get(rec, "numbers_from") != "replay" || get(rec, "code") != w.p.code {
			t.Errorf("CSV row %d: %q; want %s at (%d, %d) %s, replayed, code %s", i+1, rec, w.p.path.End.Moment, pos.Trust, pos.Accountability, scenario.QuadrantOf(pos).Slug(), w.p.code)
		}
	}
	if !strings.Contains(body, "\r\n\"'=Ben \"\"B\"\" O'Neil, jr\",") {
		t.Errorf("the CSV does not quote the name with a quote and a comma as RFC 4180 does, or lets it start with =:\n%s", body)
	}
	if rec := recs[5]; get(rec, "trust") != "7" || get(rec, "accountability") != "-3" || get(rec, "numbers_from") != "file" {
		t.Errorf("CSV row 5 (a file of another version): %q; want the file's (7, -3), from the file", rec)
	}
}

// TestFacilitatorPages runs axe on the facilitator page with rows present
// (codes and files of real plays, a wrong stamp, an invalid line) at 1280
// and 360 px in both schemes, checks that it does not scroll sideways (the
// table scrolls in its own box), saves screenshots, printed and without
// JavaScript too.
func TestFacilitatorPages(t *testing.T) {
	s := needSite(t)
	src := axeSource(t, s)
	plays := facPlays(t, s)
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	base := srv.URL + "/"
	dir := t.TempDir()
	old, oldCode := wrongStamp(t, plays[0])
	var files []string
	for name, text := range map[string]string{"a.json": plays[0].json, "b.html": plays[len(plays)-1].html, "c.json": old} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	var checked []string
	for _, w := range viewports {
		t.Run(fmt.Sprint(w.width), func(t *testing.T) {
			tb := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
			c := &a11yChecker{t: t, tb: tb, src: src, variant: fmt.Sprintf("%dpx", w.width), checked: &checked, base: base}
			if err := tb.navigate(base + "facilitator.html"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tb.step(0)
			// Files first, then codes, so that the invalid line's message shows.
			err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem('coachsim.facilitator')`), chromedp.Reload(),
				chromedp.SetUploadFiles(chromedp.CSS(`input[data-role="files"]`), files))
			if err == nil {
				err = poll(tb, `document.querySelectorAll('tr[data-role="result"]').length === 3`)
			}
			if err == nil {
				err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#fac-codes`), plays[1].code+"\n"+oldCode+"\nnot a code"),
					chromedp.Click(chromedp.CSS(`button[data-role="add-codes"]`)))
			}
			if err == nil {
				err = poll(tb, `document.querySelectorAll('tr[data-role="result"]').length === 5 && /^Added/.test(document.querySelector('[data-role="status"]').textContent)`)
			}
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			c.check("facilitator with rows")
			for _, scheme := range []string{"light", "dark"} {
				if err := c.setScheme(scheme); err != nil {
					t.Fatal(err)
				}
				shot(t, tb, fmt.Sprintf("facilitator-%d-%s", w.width, scheme))
			}
			if err := c.setScheme("light"); err != nil {
				t.Fatal(err)
			}
			checkNoOverflow(t, tb, "facilitator")
			if w.mobile {
				return
			}
			ctx, cancel = tb.step(0)
			_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			shown, err := eval[map[string]bool](tb, `(function () { function on(s) { var e = document.querySelector(s); return !!e && e.offsetParent !== null; }
  return {table: on('table[data-role="results"]'), add: on('.fac-add'), buttons: on('button[data-role="csv"]')}; })()`)
			if err != nil {
				t.Fatal(err)
			}
			if !shown["table"] || shown["add"] || shown["buttons"] {
				t.Errorf("printed, the facilitator page shows %v; want the table alone", shown)
			}
			shot(t, tb, "facilitator-print")
		})
	}
	// Without JavaScript: it says that it needs it, and what to do instead.
	tb := newTab(t, tabOptions{noJS: true, allow: []string{base}})
	c := &a11yChecker{t: t, tb: tb, src: src, variant: "nojs 1280px", checked: &checked, base: base}
	c.checkPage("facilitator", base+"facilitator.html")
	note, err := eval[string](tb, `(function () { var n = document.querySelector('[data-role="needs-js"]'); return n && n.offsetParent !== null ? n.innerText : ''; })()`)
	if err != nil || !strings.Contains(note, "needs JavaScript") || !strings.Contains(note, "debrief-ID.html") {
		t.Errorf("without JavaScript the facilitator page says %q (%v)", note, err)
	}
	if tool, _ := eval[bool](tb, `document.querySelector('[data-js="tool"]').offsetParent !== null`); tool {
		t.Error("without JavaScript the facilitator page shows its tool, which cannot work")
	}
	shot(t, tb, "facilitator-nojs")
	t.Logf("axe ran on %d variants of the facilitator page", len(checked))
}

// TestFacilitatorCodes: how the page finds codes in what is pasted
// (window.CoachSimFacilitator.codesIn): anywhere in a line, several per
// line, any case, never inside a longer word or stamp.
func TestFacilitatorCodes(t *testing.T) {
	s := needSite(t)
	tb := newTab(t, tabOptions{})
	if err := tb.navigate(s.url(s.pages["facilitator.html"])); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"shame-spiral:1a2b3c4d:0.2.1", "shame-spiral:1a2b3c4d:0.2.1"},
		{"my code is shame-spiral:1a2b3c4d:0.2.1.", "shame-spiral:1a2b3c4d:0.2.1"},
		{"a:12345678:0,b-c:87654321:2 x:abcdef01:1", "a:12345678:0 b-c:87654321:2 x:abcdef01:1"},
		{"code:shame-spiral:1a2b3c4d:3", "shame-spiral:1a2b3c4d:3"},
		{"Shame-Spiral:1A2B3C4D:0.1", "shame-spiral:1a2b3c4d:0.1"},
		{"`third-miss:4cb4cb26:0.1`", "third-miss:4cb4cb26:0.1"},
		{"shame-spiral:1a2b3c4:0.1", ""},   // a stamp has 8 hex digits
		{"shame-spiral:1a2b3c4dd:0.1", ""}, // not 9
		{"shame-spiral:1a2b3c4d:", ""},     // no path
		{"no code here", ""},
	} {
		got, err := eval[string](tb, fmt.Sprintf(`window.CoachSimFacilitator.codesIn(%q).map(function (c) { return c.id + ':' + c.stamp + ':' + c.path.join('.'); }).join(' ')`, tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("codesIn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
