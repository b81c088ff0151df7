// Package onceasyncinit is a kernel of its own design (Once misuse): the
// client connects lazily in sync.Once, but the function given to Do starts
// the connect in a goroutine, so Do returns, and every caller after it
// proceeds, before the connection exists. The fix connects inside Do: Do
// returns only after its function has.
package onceasyncinit

import "sync"

// Client connects on first use.
type Client struct {
	fixed bool
	once  sync.Once
	mu    sync.Mutex
	conn  string
	wg    sync.WaitGroup
}

// New returns an unconnected client.
func New(fixed bool) *Client { return &Client{fixed: fixed} }

func (c *Client) connect() {
	c.mu.Lock()
	c.conn = "conn-1"
	c.mu.Unlock()
}

// Conn returns the connection, connecting first if needed.
func (c *Client) Conn() string {
	c.once.Do(func() {
		if c.fixed {
			c.connect()
			return
		}
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.connect()
		}()
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// Join waits for a background connect (test cleanup).
func (c *Client) Join() { c.wg.Wait() }
