package plain

import "time"

// Now is time.Now().
func Now() time.Time { return time.Now() }

// Since is time.Since(t).
func Since(t time.Time) time.Duration { return time.Since(t) }

// Until is time.Until(t).
func Until(t time.Time) time.Duration { return time.Until(t) }

// Sleep is time.Sleep(d).
func Sleep(d time.Duration) { time.Sleep(d) }

// After is time.After(d).
func After(d time.Duration) <-chan time.Time { return time.After(d) }

// Tick is time.Tick(d).
func Tick(d time.Duration) <-chan time.Time { return time.Tick(d) }

// NewTimer is time.NewTimer(d).
func NewTimer(d time.Duration) *time.Timer { return time.NewTimer(d) }

// AfterFunc is time.AfterFunc(d, f).
func AfterFunc(d time.Duration, f func()) *time.Timer { return time.AfterFunc(d, f) }

// NewTicker is time.NewTicker(d).
func NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

// TimerStop is t.Stop().
func TimerStop(t *time.Timer) bool { return t.Stop() }

// TimerReset is t.Reset(d).
func TimerReset(t *time.Timer, d time.Duration) bool { return t.Reset(d) }

// TickerStop is t.Stop().
func TickerStop(t *time.Ticker) { t.Stop() }

// TickerReset is t.Reset(d).
func TickerReset(t *time.Ticker, d time.Duration) { t.Reset(d) }
