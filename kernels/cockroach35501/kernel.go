// Package cockroach35501 re-expresses GoKer's cockroach#35501 (non-blocking,
// anonymous function): the schema changer validates each check constraint in
// its own goroutine, and every closure captured the one loop variable, so a
// goroutine that ran late validated another check's name. Since Go 1.22 a
// range variable is per iteration, so the kernel keeps the shape with a
// variable declared outside the loop. The fix passes the name as an
// argument of the go statement, evaluated at the statement.
package cockroach35501

import "sync"

// ValidateChecks validates every check in its own goroutine and returns the
// names validated, in completion order.
func ValidateChecks(checks []string, fixed bool) []string {
	var (
		mu        sync.Mutex
		validated []string
		wg        sync.WaitGroup
	)
	validate := func(name string) {
		mu.Lock()
		validated = append(validated, name)
		mu.Unlock()
	}
	var name string
	for _, c := range checks {
		wg.Add(1)
		if fixed {
			go func(name string) {
				defer wg.Done()
				validate(name)
			}(c)
			continue
		}
		name = c
		go func() {
			defer wg.Done()
			validate(name)
		}()
	}
	wg.Wait()
	return validated
}
