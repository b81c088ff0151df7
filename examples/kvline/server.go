package kvline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// LineMax bounds a request line: a longer one ends its connection.
const LineMax = 4096

// Server is the key-value service. Make it with NewServer.
type Server struct {
	rt   sim.Runtime
	nw   transport.Streams
	addr string
	g    *sim.Group // the accept loop
	// handlers are the connections' goroutines, a sub-group of g: g's
	// Joined checks them too.
	handlers *sim.Group

	mu      *sim.Mutex
	data    map[string]string // looked up, never ranged over
	ln      net.Listener
	conns   []net.Conn // open connections, in accept order
	stopped bool

	// plantNoJoin is the planted bug (see export_test.go): Shutdown stops
	// and joins the accept loop but leaves open connections, and their
	// handlers, running.
	plantNoJoin bool
}

// NewServer returns a server that will listen on addr of nw.
func NewServer(rt sim.Runtime, nw transport.Streams, addr string) *Server {
	g := sim.NewGroup(rt, "kvline")
	return &Server{rt: rt, nw: nw, addr: addr, g: g, handlers: g.Sub("conns"), mu: rt.NewMutex(), data: map[string]string{}}
}

// Start listens and starts the accept loop.
func (s *Server) Start() error {
	ln, err := s.nw.ListenStream(s.addr)
	if err != nil {
		return fmt.Errorf("kvline: start: %w", err)
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	s.g.Go("kvline accept", s.accept)
	return nil
}

// Addr is the address the server listens on (the real port when ":0"
// was asked). Empty before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Group is the server's goroutines: after Shutdown, Group().Joined()
// reports whatever is still running.
func (s *Server) Group() *sim.Group { return s.g }

func (s *Server) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed by Shutdown
		}
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.handlers.Go("kvline conn "+c.RemoteAddr().String(), func() { s.serve(c) })
	}
}

// serve answers c's requests until it ends.
func (s *Server) serve(c net.Conn) {
	defer s.forget(c)
	r := bufio.NewReaderSize(c, LineMax)
	w := bufio.NewWriter(c)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				fmt.Fprintf(w, "ERR line longer than %d bytes\n", LineMax)
				w.Flush()
			}
			return
		}
		fmt.Fprintf(w, "%s\n", s.answer(strings.TrimRight(string(line), "\r\n")))
		if w.Flush() != nil {
			return
		}
	}
}

func (s *Server) answer(line string) string {
	verb, rest, _ := strings.Cut(line, " ")
	switch verb {
	case "SET":
		key, value, ok := strings.Cut(rest, " ")
		if !ok || key == "" {
			return "ERR usage: SET key value"
		}
		s.mu.Lock()
		s.data[key] = value
		s.mu.Unlock()
		return "OK"
	case "GET":
		if rest == "" || strings.Contains(rest, " ") {
			return "ERR usage: GET key"
		}
		s.mu.Lock()
		v, ok := s.data[rest]
		s.mu.Unlock()
		if !ok {
			return "NOTFOUND"
		}
		return "VALUE " + v
	}
	return fmt.Sprintf("ERR unknown command %q", verb)
}

// forget closes c and drops it from the open connections.
func (s *Server) forget(c net.Conn) {
	c.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			return
		}
	}
}

// Shutdown stops the server: no new connections, every open one closed
// (a request being answered is cut short), and every goroutine of the
// server joined, within ctx. It is idempotent.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	ln := s.ln
	var open []net.Conn
	if !s.plantNoJoin {
		open = append(open, s.conns...)
	}
	s.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
	for _, c := range open {
		c.Close() // ends the handler's read
	}
	if err := s.g.Wait(ctx); err != nil {
		return fmt.Errorf("kvline: shutdown: the accept loop is still running: %w", err)
	}
	if s.plantNoJoin {
		return nil
	}
	if err := s.handlers.Wait(ctx); err != nil {
		return fmt.Errorf("kvline: shutdown: %v still running: %w", s.handlers.RunningNames(), err)
	}
	return nil
}
