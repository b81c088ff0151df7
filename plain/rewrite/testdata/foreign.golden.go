//line foreign.input.go:1
// Calls the world cannot schedule go through plain.Foreign; harmless
// functions of the same packages stay.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 5 {
		return
	}
	conn, err := execsim_plain.Foreign(net.Dial, "net.Dial")("tcp", "localhost:1")
	if err == nil {
		buf := make([]byte, 1)
		execsim_plain.Foreign(conn.Read, "net.Conn.Read")(buf)
		execsim_plain.Foreign(conn.Write, "net.Conn.Write")(buf)
		conn.Close()
	}
	_ = net.ParseIP("127.0.0.1")
	ln, _ := execsim_plain.Foreign(net.Listen, "net.Listen")("tcp", ":0")
	if ln != nil {
		execsim_plain.Foreign(ln.Accept, "net.Listener.Accept")()
	}
	execsim_plain.Foreign(http.Get, "http.Get")("http://localhost:1")
	var c http.Client
	execsim_plain.Foreign(c.Do, "http.Client.Do")(nil)
	_ = http.StatusText(200)
	cmd := exec.Command("true")
	execsim_plain.Foreign(cmd.Run, "exec.Cmd.Run")()
	ch := make(chan os.Signal, 1)
	execsim_plain.Foreign(signal.Notify, "signal.Notify")(ch, os.Interrupt)
	pr, pw := io.Pipe()
	{ execsim_f, execsim_a0 := execsim_plain.Foreign(pw.Write, "io.PipeWriter.Write"), []byte("x"); execsim_plain.Go(func() { execsim_f(execsim_a0) }) }
	execsim_plain.Foreign(pr.Read, "io.PipeReader.Read")(make([]byte, 1))
	execsim_plain.Foreign(syscall.Getpid, "syscall.Getpid")()
}
