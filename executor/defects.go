package executor

import (
	"fmt"
	"strings"
)

// Stable names of the defects. Scripts, expectation files and the
// CLI match on them, so they never change.
const (
	DefectNoStopSignal             = "no-stop-signal"
	DefectNoJoin                   = "no-join"
	DefectSendersNeverClosed       = "senders-never-closed"
	DefectPanicOnSendAfterShutdown = "panic-on-send-after-shutdown"

	// Not the audit's (see Defect.Origin).
	DefectDuplicateExecution     = "duplicate-execution"
	DefectStateReadsWaitForever  = "state-reads-wait-forever"
	DefectReceiversNotJoined     = "receivers-not-joined"
	DefectResultDroppedAtStop    = "result-dropped-at-stop"
	DefectCarriedMessageReplaced = "carried-message-replaced"
)

// Defect describes one defect that ExecutorService can reproduce on
// demand (see WithDefect): the audit's four, and the others of
// Defect.Origin.
type Defect struct {
	// Name is the stable name given to WithDefect.
	Name string
	// Description is the original's behaviour, in one line.
	Description string
	// Alone is what the defect does when it is the only one switched on:
	// most need another to do harm, as the audit's proof of concept needs
	// three of them together to leave a zombie.
	Alone string
	// Origin says where the defect comes from.
	Origin DefectOrigin
}

// DefectOrigin says where a defect comes from.
type DefectOrigin string

const (
	// FromAudit: one of the four defects the audit names.
	FromAudit DefectOrigin = "audit"
	// FoundByHarness: a bug the harness's properties found in this
	// executor, fixed, and switchable back on so that a test shows the
	// property that finds it.
	FoundByHarness DefectOrigin = "found"
	// Planted: a realistic shutdown bug written into the executor on
	// purpose, to show a property that nothing else would exercise
	// firing on a real defect.
	Planted DefectOrigin = "planted"
)

var defects = []Defect{
	{
		Name:        DefectNoStopSignal,
		Description: "Shutdown sends no stop to the executor loop; it only stops the controller",
		Alone:       "an idle loop still stops (the closed command channel reads as Stop), but a loop blocked in a state read waits forever: only the stop signal wakes it",
		Origin:      FromAudit,
	},
	{
		Name:        DefectNoJoin,
		Description: "Shutdown never joins the executor goroutine (the JoinHandle is dropped at Start)",
		Alone:       "Shutdown returns while ExecutorService-{shard} may still run; it exits soon after, but a result it sends then finds the controller gone",
		Origin:      FromAudit,
	},
	{
		Name:        DefectSendersNeverClosed,
		Description: "the controller keeps its inbound channels open after Shutdown, so a blocked receiver never wakes",
		Alone:       "the state-value receiver, which stops only when its channel closes, blocks forever; with no-stop-signal the loop does too (with no-join as well, Shutdown does not even wait: the audit's zombie)",
		Origin:      FromAudit,
	},
	{
		Name:        DefectPanicOnSendAfterShutdown,
		Description: "Shutdown stops the controller, outbound side included, before the loop has finished, and the result the loop then sends panics, as the original's unwrap does",
		Alone:       "a block cut short by the shutdown sends its result to a gone outbound side: panic",
		Origin:      FromAudit,
	},
	{
		Name:        DefectDuplicateExecution,
		Description: "a shard executes every execute command it receives, a duplicated one too",
		Alone:       "a network that delivers a command twice makes the shard run the block twice (its cross-shard messages and result too); only the coordinator's block-id filter hides it",
		Origin:      FoundByHarness,
	},
	{
		Name:        DefectStateReadsWaitForever,
		Description: "a shard's state read waits for its answer with no deadline and no retry, and the coordinator ignores a request for a block it is not executing",
		Alone:       "a shard whose block's reads went to a coordinator that restarted stays parked until Shutdown: every block of the new coordinator times out",
		Origin:      FoundByHarness,
	},
	{
		Name:        DefectCarriedMessageReplaced,
		Description: "once a shutdown has begun, the controller's outbound loop keeps taking queued messages after one met a dead peer, and the next such message replaces the one held for the final flush",
		Alone:       "a message Outbound.Send accepted is neither sent, failed nor counted dropped: lost in silence, against the controller's accounting",
		Origin:      FoundByHarness,
	},
	{
		Name:        DefectReceiversNotJoined,
		Description: "the shard loop stops each round's cross-shard receiver without waiting for it to return",
		Alone:       "a receiver can still be running when Shutdown returns; it ends soon after on its own, so only a join check at that moment sees it",
		Origin:      Planted,
	},
	{
		Name:        DefectResultDroppedAtStop,
		Description: "a block cut short by the stop signal sends no result: the loop returns at once, as if nobody wanted one",
		Alone:       "the coordinator waits for that shard's result until its deadline, and the shard's accounting shows a command without a result",
		Origin:      Planted,
	},
}

// Defects lists every audited defect, in a fixed order.
func Defects() []Defect {
	return append([]Defect(nil), defects...)
}

// DefectSet is a set of audited defects; the zero value is the fixed
// behaviour.
type DefectSet uint16

// ParseDefects builds a set from names. An unknown name is an error that
// lists the known ones.
func ParseDefects(names ...string) (DefectSet, error) {
	var s DefectSet
	for _, n := range names {
		bit, ok := defectBit(n)
		if !ok {
			return 0, fmt.Errorf("executor: unknown defect %q (known: %s)", n, strings.Join(defectNames(), ", "))
		}
		s |= bit
	}
	return s, nil
}

// Has reports whether the set holds the defect called name.
func (s DefectSet) Has(name string) bool {
	bit, ok := defectBit(name)
	return ok && s&bit != 0
}

// Names lists the set's defects in the order of Defects.
func (s DefectSet) Names() []string {
	var out []string
	for i, d := range defects {
		if s&(1<<i) != 0 {
			out = append(out, d.Name)
		}
	}
	return out
}

func (s DefectSet) String() string {
	if s == 0 {
		return "none"
	}
	return strings.Join(s.Names(), ",")
}

func defectBit(name string) (DefectSet, bool) {
	for i, d := range defects {
		if d.Name == name {
			return 1 << i, true
		}
	}
	return 0, false
}

func defectNames() []string {
	out := make([]string, len(defects))
	for i, d := range defects {
		out[i] = d.Name
	}
	return out
}
