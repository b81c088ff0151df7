package kvline

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/execsim/execsim/transport"
)

// Client is one connection to a server. It is not safe for concurrent
// use: one request at a time.
type Client struct {
	c net.Conn
	r *bufio.Reader
}

// Dial connects to the server at addr.
func Dial(ctx context.Context, nw transport.Streams, addr string) (*Client, error) {
	c, err := nw.DialStream(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("kvline: dial %s: %w", addr, err)
	}
	return &Client{c: c, r: bufio.NewReaderSize(c, LineMax)}, nil
}

// Close closes the connection.
func (cl *Client) Close() error { return cl.c.Close() }

// Set stores value under key.
func (cl *Client) Set(ctx context.Context, key, value string) error {
	ans, err := cl.do(ctx, "SET "+key+" "+value)
	if err != nil {
		return err
	}
	if ans != "OK" {
		return fmt.Errorf("kvline: set %s: %s", key, ans)
	}
	return nil
}

// Get returns the value under key, and whether there is one.
func (cl *Client) Get(ctx context.Context, key string) (string, bool, error) {
	ans, err := cl.do(ctx, "GET "+key)
	if err != nil {
		return "", false, err
	}
	switch {
	case ans == "NOTFOUND":
		return "", false, nil
	case strings.HasPrefix(ans, "VALUE "):
		return strings.TrimPrefix(ans, "VALUE "), true, nil
	}
	return "", false, fmt.Errorf("kvline: get %s: %s", key, ans)
}

// do sends one request line and reads its answer, within ctx's deadline.
func (cl *Client) do(ctx context.Context, req string) (string, error) {
	if strings.ContainsAny(req, "\r\n") || len(req) >= LineMax {
		return "", fmt.Errorf("kvline: request %.20q: a request is one line shorter than %d bytes", req, LineMax)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	deadline, _ := ctx.Deadline() // zero: none
	cl.c.SetDeadline(deadline)
	defer cl.c.SetDeadline(time.Time{})
	if _, err := cl.c.Write([]byte(req + "\n")); err != nil {
		return "", fmt.Errorf("kvline: send: %w", err)
	}
	line, err := cl.r.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("kvline: answer: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
