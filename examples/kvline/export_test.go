package kvline

// PlantUnjoinedHandler switches on the planted bug: Shutdown stops
// accepting but neither closes the open connections nor waits for their
// handlers, which are still running when it returns. Test-only, so that
// the lifecycle test can show its check firing.
func PlantUnjoinedHandler(s *Server) { s.plantNoJoin = true }
