//go:build !buggy

package pool

// Shutdown waits for every submitted job to finish, then stops the
// workers and waits for them to return.
func (p *Pool) Shutdown() {
	p.pending.Wait()
	p.jobs.Close()
	p.workers.Wait()
}
