package conformance

import (
	"fmt"
	"slices"
)

// A Program is one conformance program: Run returns its transcript.
type Program struct {
	Name string
	Run  func() []string
}

// Programs returns every program, in a fixed order.
func Programs() []Program {
	return []Program{
		{"maps/range-forms", mapRangeForms},
		{"chan/unbuffered-handoff", unbufferedHandoff},
		{"chan/buffered-fifo", bufferedFIFO},
		{"chan/closed-recv-ok", closedRecvOK},
		{"chan/closed-buffered-drain", closedBufferedDrain},
		{"chan/len-cap", lenCap},
		{"chan/nil-len-cap", nilLenCap},
		{"chan/range-closed-mid-loop", rangeClosedMidLoop},
		{"chan/range-producer-close", rangeProducerClose},
		{"chan/range-forms", rangeForms},
		{"chan/send-on-closed-panics", sendOnClosedPanics},
		{"chan/close-of-closed-panics", closeOfClosedPanics},
		{"chan/close-of-nil-panics", closeOfNilPanics},
		{"chan/directional", directional},
		{"select/default-none-ready", selectDefaultNoneReady},
		{"select/nil-case-never-chosen", selectNilCase},
		{"select/same-channel-two-cases", selectSameChannelTwice},
		{"select/all-nil-default", selectAllNilDefault},
		{"select/send-case", selectSendCase},
		{"select/nil-interface-received", selectNilInterface},
		{"select/closed-case", selectClosedCase},
		{"select/timeout", selectTimeout},
		{"select/labeled-break", selectLabeledBreak},
		{"select/fan-in", selectFanIn},
		{"select/blocks-until-ready", selectBlocksUntilReady},
		{"sync/mutex-counter", mutexCounter},
		{"sync/mutex-trylock", mutexTryLock},
		{"sync/rwmutex-readers-writer", rwMutexReadersWriter},
		{"sync/rwmutex-rlocker", rwMutexRLocker},
		{"sync/waitgroup-wait", waitGroupWait},
		{"sync/waitgroup-go", waitGroupGo},
		{"sync/waitgroup-negative-panics", waitGroupNegativePanics},
		{"sync/once-concurrent", onceConcurrent},
		{"sync/once-panicking-f", oncePanickingF},
		{"sync/once-blocking-f", onceBlockingF},
		{"sync/oncefunc-oncevalue", onceFuncValue},
		{"sync/cond-signal-broadcast", condSignalBroadcast},
		{"atomic/add-concurrent", atomicAddConcurrent},
		{"atomic/cas-swap", atomicCASSwap},
		{"atomic/typed", atomicTyped},
		{"atomic/value", atomicValue},
		{"time/sleep-since", sleepSince},
		{"time/now-until", nowUntil},
		{"time/timer-fires", timerFires},
		{"time/method-values", timeMethodValues},
		{"time/timer-stop-before-fire", timerStopBeforeFire},
		{"time/timer-stop-reset-after-drain", timerStopResetAfterDrain},
		{"time/timer-reset-fired-undrained", timerResetFiredUndrained},
		{"time/timer-stop-fired-undrained", timerStopFiredUndrained},
		{"time/after", timeAfter},
		{"time/afterfunc-calls-back", afterFuncCallsBack},
		{"time/afterfunc-stop", afterFuncStop},
		{"time/ticker-stop-reset", tickerStopReset},
		{"time/tick", timeTick},
		{"context/cancel-propagation", contextCancelPropagation},
		{"context/cause", contextCause},
		{"context/timeout-expiry", contextTimeoutExpiry},
		{"context/deadline", contextDeadline},
		{"context/afterfunc", contextAfterFunc},
		{"context/afterfunc-stop", contextAfterFuncStop},
		{"context/without-cancel", contextWithoutCancel},
		{"context/done-in-select", contextDoneInSelect},
		{"goroutine/started-in-init", goroutineStartedInInit},
		{"goroutine/method-value-evaluated-at-go", goMethodValue},
		{"goroutine/value-receiver-copied-at-go", goValueReceiver},
		{"goroutine/args-evaluated-at-go", goArgsEvaluated},
		{"goroutine/goexit-runs-defers", goexitRunsDefers},
		{"maps/range-every-key-once", mapRangeEveryKeyOnce},
		{"maps/range-delete-current", mapRangeDeleteCurrent},
		{"maps/range-delete-unvisited", mapRangeDeleteUnvisited},
	}
}

// transcript collects a program's outcomes, one line each.
type transcript []string

func (t *transcript) add(format string, args ...any) {
	*t = append(*t, fmt.Sprintf(format, args...))
}

// panicOf runs f and returns the message of its panic, or "no panic".
func panicOf(f func()) (msg string) {
	msg = "no panic"
	defer func() {
		if r := recover(); r != nil {
			msg = "panic: " + fmt.Sprint(r)
		}
	}()
	f()
	return msg
}

// sorted returns a sorted copy of s: the canonical form of outcomes that
// goroutines produce in an order Go does not fix.
func sorted[S ~[]E, E interface{ ~int | ~string }](s S) S {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
