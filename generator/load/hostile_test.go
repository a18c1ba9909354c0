package load

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/diag"
)

// hostileCase is a file no scenario author would write but an attacker or
// an unlucky editor might: it must end in the given positioned message,
// quickly and in bounded memory.
type hostileCase struct {
	name string
	src  func() []byte
	want string // a prefix of the first diagnostic's String()
}

// hostileAlso gives cases a line their output must also hold.
var hostileAlso = map[string]string{
	"thousands of mistakes": "h.yaml: error: 501 more problems in this file are not listed",
}

// validScenario is small and correct; cases break one thing in it.
const validScenario = `title: T
summary: S
difficulty: introductory
minutes: 5
skills: [quadrant]
client:
  name: Sam
  role: Engineer
  background: Sam wants to ship more.
moments:
  opening:
    client: '"I did not do it."'
    choices:
      - response: What got in the way?
        trust: 1
        accountability: 1
        level: learning-check-in
        fit: fits
        feedback: Curious.
        next: end
      - response: Fine.
        trust: 1
        accountability: -1
        level: none
        fit: too-soft
        feedback: Warm, and the commitment goes.
        next: end
  end:
    client: Bye.
    ending:
      title: Done
      debrief: It ended.
      reflection: [Why?]
`

func replaced(old, new string) func() []byte {
	return func() []byte {
		if !strings.Contains(validScenario, old) {
			panic("no " + old)
		}
		return []byte(strings.Replace(validScenario, old, new, 1))
	}
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{"deep flow nesting", func() []byte { return []byte("title: " + strings.Repeat("[", 100_000) + "\n") },
			"h.yaml:1:39: error: the YAML is nested more than 32 levels deep"},
		{"deep block nesting", func() []byte {
			return []byte("title: x\nmoments:\n  a:\n    client: " + strings.Repeat("- ", 60_000) + "x\n")
		},
			"h.yaml:4:71: error: the YAML is nested more than 32 levels deep"},
		{"a mapping of 160,000 keys", func() []byte {
			var b bytes.Buffer
			b.WriteString("title: x\nmoments:\n")
			for i := 0; b.Len() < MaxFileSize-20; i++ {
				fmt.Fprintf(&b, "  k%d: 1\n", i)
			}
			return b.Bytes()
		}, "h.yaml:2003:3: error: this mapping has more than 2000 keys"},
		{"a list of 100,000 items", func() []byte {
			return []byte("title: x\nskills: [" + strings.Repeat("a, ", 100_000) + "a]\n")
		}, "h.yaml:2:6011: error: this list has more than 2000 items"},
		{"half a million tokens", func() []byte {
			var b bytes.Buffer
			b.WriteString("title: x\nmoments:\n")
			for i := 0; b.Len() < MaxFileSize-4000; i++ {
				fmt.Fprintf(&b, "  - [%s]\n", strings.Repeat("x, ", 1000)+"x")
			}
			return b.Bytes()
		}, "h.yaml:102:"},
		{"thousands of mistakes", replaced("        feedback: Curious.\n", "        feedback: Curious.\n        honours: ["+strings.Repeat("nope, ", 1500)+"nope]\n"),
			`h.yaml:20:19: error: unknown element or technique "nope" in honours`},
		{"byte order mark", func() []byte { return append([]byte("\ufeff"), validScenario...) }, ""},
		{"NUL byte", replaced("title: T", "title: T\x00"), "h.yaml:1:9: error: control character U+0000"},
		{"escape sequence in the file", replaced("title: T", "title: \x1b]0;owned\x07"), "h.yaml:1:8: error: control character U+001B"},
		{"escape written as a YAML escape", replaced("title: T", `title: "\e[2J"`), `h.yaml:1:8: error: "title" contains the control character U+001B`},
		{"invalid UTF-8", replaced("title: T", "title: T\xff"), "h.yaml:1:9: error: the file is not valid UTF-8 here (byte 0xFF)"},
		{"a title over its limit", replaced("title: T", "title: "+strings.Repeat("long ", 100)+"x"), "h.yaml:1:8: error: title is 501 characters long; the limit is 120"},
		{"unclosed bracket", replaced("  name: Sam", "  name: [Sam, Ana"), "h.yaml:8:3: error: YAML syntax: ',' or ']' must be specified (unclosed '[' opened at 7:9)"},
		{"a number too large", replaced("        trust: 1\n", "        trust: 99999999999999999999\n"), `h.yaml:15:16: error: "trust" is far too large`},
		{"hexadecimal effect", replaced("        trust: 1\n", "        trust: 0x2\n"), `h.yaml:15:16: error: "trust" must be a whole number written in decimal, found 0x2`},
		{"infinity", replaced("        trust: 1\n", "        trust: .inf\n"), `h.yaml:15:16: error: "trust" must be a whole number, found infinity`},
		{"typographic comparison", replaced("        next: end\n", "        next: [{if: trust ≥ 2, to: end}, {to: end}]\n"), `h.yaml:20:27: error: condition "trust ≥ 2": unexpected character '≥' in condition (write >=)`},
		{"if with no value", replaced("        next: end\n", "        next: [{if: , to: end}, {to: end}]\n"), `h.yaml:20:17: error: "if" has no value`},
		{"a Windows device name", replaced("  end:", "  con:"), `h.yaml:28:3: error: moment id "con" is a device name Windows reserves`},
	}
}

// TestHostileInputs runs each case in a child process, so that a case that
// exhausts memory or hangs fails the test instead of killing the test
// binary, and reads the child's peak memory from its rusage. The bounds
// are far above what the cases need (tens of milliseconds, tens of
// megabytes); they catch a regression to the parser's quadratic time or
// unbounded memory, not a slow machine. The figures are in the benchmarks.
func TestHostileInputs(t *testing.T) {
	if name := os.Getenv("COACHSIM_HOSTILE_CASE"); name != "" {
		for _, c := range hostileCases() {
			if c.name == name {
				_, d := Bytes("h.yaml", c.src())
				fmt.Print(d.String())
				return
			}
		}
		t.Fatalf("no case %q", name)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const maxTime, maxRSS = 30 * time.Second, 1 << 30
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			if src := c.src(); len(src) > MaxFileSize {
				t.Fatalf("the case is %d bytes, over the file size limit", len(src))
			}
			cmd := exec.Command(exe, "-test.run", "^TestHostileInputs$")
			cmd.Env = append(os.Environ(), "COACHSIM_HOSTILE_CASE="+c.name)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(maxTime):
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("still running after %v", maxTime)
			}
			if err != nil {
				t.Fatalf("child failed (%v):\n%s", err, out.String())
			}
			elapsed := time.Since(start)
			rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
			if rss > maxRSS {
				t.Errorf("peak memory %d MiB, bound %d MiB", rss>>20, maxRSS>>20)
			}
			t.Logf("%v, peak %d MiB", elapsed.Round(time.Millisecond), rss>>20)
			first, _, _ := strings.Cut(out.String(), "\n")
			first = strings.TrimSuffix(first, "PASS")
			if c.want == "" {
				if strings.Contains(out.String(), "error") {
					t.Errorf("want no error, got:\n%s", out.String())
				}
				return
			}
			if also := hostileAlso[c.name]; also != "" && !strings.Contains(out.String(), also) {
				t.Errorf("output lacks %q", also)
			}
			if !strings.HasPrefix(first, c.want) {
				t.Errorf("first diagnostic:\n%s\nwant it to start with:\n%s", first, c.want)
			}
		})
	}
}

// TestOnlyRegularFiles: a named pipe called x.yaml would block a reader
// forever, a folder named like a scenario would be listed as empty, and the
// same file named twice would be read twice and reported as a duplicate.
func TestOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte(validScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewOsFs()
	type result struct {
		n int
		d diag.List
	}
	done := make(chan result, 1)
	go func() {
		ss, _, d := Files(fsys, []string{fifo, filepath.Join(dir, "folder.yaml"), dir, dir + "/", filepath.Join(dir, "ok.yaml")})
		done <- result{len(ss), d}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Files blocked on a named pipe")
	}
	got := r.d.String()
	for _, want := range []string{
		fifo + ": error: not a regular file",
		filepath.Join(dir, "folder.yaml") + ": error: this is a folder, not a scenario file",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if r.n != 1 {
		t.Errorf("read %d scenarios, want ok.yaml once:\n%s", r.n, got)
	}
	if _, _, d := Files(fsys, []string{filepath.Join(dir, "missing.yaml")}); !strings.Contains(d.String(), "no such scenario file or folder") {
		t.Errorf("missing file: %s", d)
	}
}
