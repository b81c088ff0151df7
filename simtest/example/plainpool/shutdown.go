//go:build !buggy

package plainpool

// Shutdown waits for every submitted job to finish, then stops the
// workers and waits for them to return.
func (p *Pool) Shutdown() {
	p.pending.Wait()
	close(p.jobs)
	p.workers.Wait()
}
