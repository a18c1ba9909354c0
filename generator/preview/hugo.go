package preview

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"coachsim/generator/internal/child"
)

// HugoBinary returns the path of the Hugo pinned in siteDir/tools/go.mod
// (see child.HugoBinary).
func HugoBinary(ctx context.Context, siteDir string) (string, error) {
	return child.HugoBinary(ctx, siteDir)
}

// FreePort returns a loopback TCP port nobody listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// hugoServer is a running "hugo server" child.
type hugoServer struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the child has exited
	err  error         // its exit status, once done is closed
	url  chan string   // the address Hugo says it serves, once
}

// hugoURL matches Hugo's "Web Server is available at http://...".
var hugoURL = regexp.MustCompile(`Web Server is available at (http://\S+)`)

// hugoTotal matches Hugo's "Total in 123 ms" after a rebuild.
var hugoTotal = regexp.MustCompile(`^Total in (\d+) ms`)

// hugoRoutine matches the time stamp and "Data changed /x.json" lines
// Hugo prints for each change it sees.
var hugoRoutine = regexp.MustCompile(`^(\d{4}-\d\d-\d\d \d|[A-Z][a-z]+( [a-z]+)? changed )`)

// startHugo starts "hugo server" on the working copy src. Hugo listens on
// 127.0.0.1 only, renders to memory, re-renders every page on a change
// (the generated data touches many) and injects its live-reload script.
// Its output goes to log, less the per-rebuild statistics.
func startHugo(bin, src, cache string, port int, log io.Writer) (*hugoServer, error) {
	args := []string{"server",
		"--source", src, "--cacheDir", cache,
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--baseURL", "http://127.0.0.1/",
		"--renderToMemory", "--disableFastRender", "--noHTTPCache",
		"--logLevel", "warn",
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	child.Detach(cmd)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	h := &hugoServer{cmd: cmd, done: make(chan struct{}), url: make(chan string, 1)}
	go h.scan(pr, log)

	started := make(chan error, 1)
	go func() {
		// Pdeathsig fires when the thread that started the child ends,
		// not the process: keep this thread for the child's whole life.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			pw.Close()
			close(h.done)
			return
		}
		started <- nil
		h.err = cmd.Wait()
		pw.Close()
		close(h.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("starting hugo server: %w", err)
	}
	return h, nil
}

// scan passes Hugo's output on and picks out its address.
func (h *hugoServer) scan(r io.Reader, log io.Writer) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var once sync.Once
	for sc.Scan() {
		line := sc.Text()
		if m := hugoURL.FindStringSubmatch(line); m != nil {
			once.Do(func() { h.url <- m[1] })
			continue
		}
		if m := hugoTotal.FindStringSubmatch(line); m != nil {
			fmt.Fprintf(log, "%s hugo rebuilt the preview in %s ms\n", time.Now().Format("15:04:05"), m[1])
			continue
		}
		if quietLine(line) {
			continue
		}
		fmt.Fprintln(log, "hugo:", line)
	}
	io.Copy(io.Discard, r)
}

// quietLine reports whether a line of Hugo's output is routine: the
// statistics table, the rebuild notices, the banner.
func quietLine(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.ContainsAny(t, "│┼─") || hugoRoutine.MatchString(t) {
		return true
	}
	for _, p := range []string{
		"Watching for", "Start building", "Built in", "Change detected", "Change of", "Source changed",
		"Total in", "Environment:", "Serving pages", "Running in", "Press Ctrl+C", "Web Server",
		"Rebuilt in", "Syncing", "Watching for config", "Adding", "Pages", "Paginator", "Non-page",
		"Static", "Processed", "Aliases", "Cleaned", "WARN  deprecated", "hugo v",
	} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// waitURL waits for Hugo to say where it serves, or to exit.
func (h *hugoServer) waitURL(ctx context.Context, timeout time.Duration) (string, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case u := <-h.url:
		return u, nil
	case <-h.done:
		return "", fmt.Errorf("hugo server stopped before serving: %v", h.err)
	case <-ctx.Done():
		return "", ctx.Err()
	case <-t.C:
		return "", fmt.Errorf("hugo server did not start serving within %s", timeout)
	}
}

// stop ends Hugo and anything it started: SIGTERM to the process group,
// then SIGKILL if it has not exited after grace. It returns once the child
// is gone.
func (h *hugoServer) stop(grace time.Duration) {
	select {
	case <-h.done:
	default:
		_ = child.SignalGroup(h.cmd, syscall.SIGTERM)
		select {
		case <-h.done:
		case <-time.After(grace):
			_ = child.SignalGroup(h.cmd, syscall.SIGKILL)
			<-h.done
		}
	}
	// Whatever the group still holds (nothing, normally) goes too.
	_ = child.SignalGroup(h.cmd, syscall.SIGKILL)
}
