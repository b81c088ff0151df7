// Calls the world cannot schedule go through plain.Foreign; harmless
// functions of the same packages stay.
package main

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
	conn, err := net.Dial("tcp", "localhost:1")
	if err == nil {
		buf := make([]byte, 1)
		conn.Read(buf)
		conn.Write(buf)
		conn.Close()
	}
	_ = net.ParseIP("127.0.0.1")
	ln, _ := net.Listen("tcp", ":0")
	if ln != nil {
		ln.Accept()
	}
	http.Get("http://localhost:1")
	var c http.Client
	c.Do(nil)
	_ = http.StatusText(200)
	cmd := exec.Command("true")
	cmd.Run()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	pr, pw := io.Pipe()
	go pw.Write([]byte("x"))
	pr.Read(make([]byte, 1))
	syscall.Getpid()
}
