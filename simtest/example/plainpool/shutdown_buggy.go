//go:build buggy

package plainpool

// Shutdown waits for every submitted job to finish, then returns, leaving
// the workers blocked on the jobs channel that nobody closes. (The fixed
// version, in shutdown.go, closes it and waits for the workers.)
func (p *Pool) Shutdown() {
	p.pending.Wait()
}
