package sim

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Schedule is a recorded run: the Chooser's answers in order, with
// free-form metadata (scenario, seed, strategy, the failure it reproduces)
// that tools write and read back.
//
// Its file format is text, stable, and meant to be read and edited by
// people:
//
//	# any number of comment lines
//	execsim schedule v1
//	seed 42
//	scenario start-shutdown
//	choices 5
//	g1/3 g0/2 s1/2 d4/10
//	g2/3
//
// After the version line come metadata lines, "key value", up to the line
// "choices N". Then N tokens, separated by spaces or line breaks, each a
// decision kind (g schedule, s select, d draw, t time), the answer, a slash and the
// number of alternatives. Blank lines and lines starting with # are
// ignored anywhere.
type Schedule struct {
	Comments []string // written as "# " lines before the version line
	Meta     []Field
	Choices  []Choice
}

// Field is one metadata line of a Schedule.
type Field struct{ Key, Value string }

// Get returns the value of the first metadata field named key.
func (s *Schedule) Get(key string) (string, bool) {
	for _, f := range s.Meta {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// Set replaces or appends the metadata field key.
func (s *Schedule) Set(key, value string) {
	for i := range s.Meta {
		if s.Meta[i].Key == key {
			s.Meta[i].Value = value
			return
		}
	}
	s.Meta = append(s.Meta, Field{key, value})
}

// ScheduleVersion is the version of the file format this package writes;
// ParseSchedule reads only this one.
const ScheduleVersion = "v1"

// ErrScheduleVersion is returned (wrapped) for a schedule file of another
// format version: a caller replaying saved files can skip it with a note.
var ErrScheduleVersion = errors.New("schedule format version not supported")

var kindLetters = [...]byte{ScheduleDecision: 'g', SelectDecision: 's', DrawDecision: 'd', TimeDecision: 't'}

// WriteTo writes s in the text format.
func (s *Schedule) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, c := range s.Comments {
		for _, line := range strings.Split(c, "\n") {
			b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
		}
	}
	b.WriteString("execsim schedule " + ScheduleVersion + "\n")
	for _, f := range s.Meta {
		fmt.Fprintf(&b, "%s %s\n", f.Key, f.Value)
	}
	fmt.Fprintf(&b, "choices %d\n", len(s.Choices))
	for i, c := range s.Choices {
		if i > 0 {
			if i%16 == 0 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		fmt.Fprintf(&b, "%c%d/%d", kindLetters[c.Kind], c.Pick, c.N)
	}
	if len(s.Choices) > 0 {
		b.WriteByte('\n')
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// WriteFile writes s to path atomically: a reader sees the old file or the
// whole new one, never a part.
func (s *Schedule) WriteFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("sim: writing schedule: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".schedule-*")
	if err != nil {
		return fmt.Errorf("sim: writing schedule: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := s.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("sim: writing schedule %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("sim: writing schedule %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600; schedules are shared
		return fmt.Errorf("sim: writing schedule %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("sim: writing schedule: %w", err)
	}
	return nil
}

// ReadScheduleFile reads and parses a schedule file.
func ReadScheduleFile(path string) (*Schedule, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sim: reading schedule: %w", err)
	}
	defer f.Close()
	s, err := ParseSchedule(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// The limits of ParseSchedule. A schedule file may come from anywhere (a
// bug report, a fuzzer, a hand edit), so the parser trusts nothing it
// declares: it never allocates from the "choices N" count, and it stops at
// the first line past one of these limits with an error that names it.
// They are far above anything the tools write: WriteTo puts 16 choices on
// a line, and a run of the default 1,000,000-step budget records fewer
// choices than ScheduleChoicesMax.
const (
	// ScheduleLineMax is the longest line, in bytes.
	ScheduleLineMax = 1 << 20
	// ScheduleChoicesMax is the most choices a schedule may hold.
	ScheduleChoicesMax = 1 << 22
	// ScheduleMetaMax is the most metadata lines.
	ScheduleMetaMax = 1024
	// ScheduleCommentsMax is the most comment lines before the version line.
	ScheduleCommentsMax = 4096
)

// scheduleLimits are ParseSchedule's limits; tests use small ones.
type scheduleLimits struct{ lineMax, choicesMax, metaMax, commentsMax int }

var defaultScheduleLimits = scheduleLimits{ScheduleLineMax, ScheduleChoicesMax, ScheduleMetaMax, ScheduleCommentsMax}

// ParseSchedule reads a schedule in the text format. Errors name the line
// and say what was expected. The input is bounded by ScheduleLineMax,
// ScheduleChoicesMax, ScheduleMetaMax and ScheduleCommentsMax, and memory
// by what the parser has read: a declared count sizes nothing.
func ParseSchedule(r io.Reader) (*Schedule, error) {
	return parseSchedule(r, defaultScheduleLimits)
}

func parseSchedule(r io.Reader, lim scheduleLimits) (*Schedule, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(64*1024, lim.lineMax)), lim.lineMax)
	s := &Schedule{}
	line, state, want := 0, 0, -1 // state: 0 before version, 1 metadata, 2 choices
	bad := func(format string, args ...any) error {
		return fmt.Errorf("sim: schedule line %d: %s", line, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(text, "#") {
			if state == 0 {
				if len(s.Comments) == lim.commentsMax {
					return nil, bad("more than %d comment lines", lim.commentsMax)
				}
				s.Comments = append(s.Comments, strings.TrimPrefix(strings.TrimPrefix(text, "#"), " "))
			}
			continue
		}
		if text == "" {
			continue
		}
		switch state {
		case 0:
			f := strings.Fields(text)
			if len(f) != 3 || f[0] != "execsim" || f[1] != "schedule" {
				return nil, bad("want the header %q, got %q", "execsim schedule "+ScheduleVersion, text)
			}
			if f[2] != ScheduleVersion {
				return nil, fmt.Errorf("sim: schedule line %d: %w: file is %s, this execsim reads %s", line, ErrScheduleVersion, f[2], ScheduleVersion)
			}
			state = 1
		case 1:
			key, value, _ := strings.Cut(text, " ")
			if key == "choices" {
				v := strings.TrimSpace(value)
				n, err := strconv.ParseUint(v, 10, 64)
				if err != nil && !errors.Is(err, strconv.ErrRange) {
					return nil, bad("want %q with a count, got %q", "choices N", text)
				}
				if err != nil || n > uint64(lim.choicesMax) {
					return nil, bad("%q: want at most %d choices", "choices "+v, lim.choicesMax)
				}
				want, state = int(n), 2
				continue
			}
			if len(s.Meta) == lim.metaMax {
				return nil, bad("more than %d metadata lines", lim.metaMax)
			}
			s.Meta = append(s.Meta, Field{key, strings.TrimSpace(value)})
		case 2:
			for _, tok := range strings.Fields(text) {
				if len(s.Choices) == want {
					return nil, bad("more than the %d choices announced", want)
				}
				c, err := parseChoice(tok)
				if err != nil {
					return nil, bad("%v", err)
				}
				s.Choices = append(s.Choices, c)
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("sim: schedule line %d: longer than %d bytes", line+1, lim.lineMax)
		}
		return nil, fmt.Errorf("sim: schedule: %w", err)
	}
	switch {
	case state == 0:
		return nil, fmt.Errorf("sim: schedule: empty: no %q header", "execsim schedule "+ScheduleVersion)
	case state == 1:
		return nil, fmt.Errorf("sim: schedule: no %q line", "choices N")
	case len(s.Choices) != want:
		return nil, fmt.Errorf("sim: schedule: %d choices announced, %d found (truncated file?)", want, len(s.Choices))
	}
	return s, nil
}

func parseChoice(tok string) (Choice, error) {
	var c Choice
	switch tok[0] {
	case 'g':
		c.Kind = ScheduleDecision
	case 's':
		c.Kind = SelectDecision
	case 'd':
		c.Kind = DrawDecision
	case 't':
		c.Kind = TimeDecision
	default:
		return c, fmt.Errorf("choice %q: unknown kind %q (want g, s, d or t)", tok, tok[0])
	}
	pick, n, ok := strings.Cut(tok[1:], "/")
	var err1, err2 error
	c.Pick, err1 = strconv.Atoi(pick)
	c.N, err2 = strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return c, fmt.Errorf("choice %q: want kind, answer, slash, alternatives (like g1/3)", tok)
	}
	if c.N < 2 || c.Pick < 0 || c.Pick >= c.N {
		return c, fmt.Errorf("choice %q: answer must be in [0, N) and N at least 2", tok)
	}
	return c, nil
}

// Replay is a Chooser that gives back a recorded schedule's answers. When
// the run stops fitting the schedule (a decision of another kind or size
// than recorded, or more decisions than recorded: the code changed since
// the recording) it does not crash or silently diverge: it notes where,
// and answers from the fallback Chooser from then on.
type Replay struct {
	choices  []Choice
	i        int
	fallback Chooser
	div      *Divergence
}

// Divergence says where a replay stopped fitting its schedule.
type Divergence struct {
	Index  int   // index of the first choice that did not fit
	Step   int64 // the world's step there
	Reason string
}

func (d *Divergence) String() string {
	return fmt.Sprintf("schedule diverged at choice %d (step %d): %s", d.Index, d.Step, d.Reason)
}

// NewReplay returns a Chooser replaying choices; fallback answers once the
// schedule no longer fits (nil means NewRandom(0)).
func NewReplay(choices []Choice, fallback Chooser) *Replay {
	if fallback == nil {
		fallback = NewRandom(0)
	}
	return &Replay{choices: choices, fallback: fallback}
}

// Choose implements Chooser.
func (r *Replay) Choose(d Decision) int {
	if r.div != nil {
		return r.fallback.Choose(d)
	}
	if r.i >= len(r.choices) {
		r.div = &Divergence{Index: r.i, Step: d.Step, Reason: fmt.Sprintf("the schedule ran out after %d choices", len(r.choices))}
		return r.fallback.Choose(d)
	}
	c := r.choices[r.i]
	if c.Kind != d.Kind || c.N != d.N {
		r.div = &Divergence{Index: r.i, Step: d.Step, Reason: fmt.Sprintf("recorded %s among %d, the run asked %s among %d", c.Kind, c.N, d.Kind, d.N)}
		return r.fallback.Choose(d)
	}
	r.i++
	return c.Pick
}

// Divergence returns where the replay stopped fitting, or nil if every
// decision so far matched the schedule.
func (r *Replay) Divergence() *Divergence { return r.div }

// Unused reports how many recorded choices the run did not consume; a
// replay that fits exactly leaves none.
func (r *Replay) Unused() int { return len(r.choices) - r.i }
