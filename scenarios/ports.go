package scenarios

import (
	"errors"
	"net"
	"os"
	"strconv"
	"sync/atomic"
)

// The real engine's services listen on loopback ports reserved for the
// run, so that a service restarted after its Shutdown comes back on the
// same address. Between that Shutdown and the restart the port is free,
// and a port from the kernel's ephemeral range (what listening on :0
// gives) can be taken meanwhile by any process that listens on :0 or
// dials out — other test binaries of `go test ./...` run at the same time.
// So reserved ports come from below the usual ephemeral range (Linux:
// 32768–60999), in a sequence that differs per process.

const (
	portFirst = 20000
	portCount = 10000
	portTries = 200
)

var portSeq atomic.Int64

// reservePort finds a loopback port outside the ephemeral range that is
// free now, and returns its address.
func reservePort() (string, error) {
	pid := int64(os.Getpid())
	for range portTries {
		n := portSeq.Add(1)
		port := portFirst + int((pid*7919+n*104729)%portCount)
		a := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		l, err := net.Listen("tcp", a)
		if err != nil {
			continue
		}
		l.Close()
		return a, nil
	}
	return "", errors.New("no free loopback port in 20000..29999 after 200 tries")
}
