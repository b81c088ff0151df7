package rewrite

import (
	"fmt"
	"sort"
	"strings"
)

// A piece of an edit's replacement: literal text, or a span of the
// original source rendered with the edits inside it.
type piece struct {
	lit  string
	a, b int // source offsets when src
	src  bool
}

func lit(s string) piece  { return piece{lit: s} }
func span(a, b int) piece { return piece{a: a, b: b, src: true} }

// restore is an empty span at off: it writes nothing but a /*line*/
// directive, when the output is not on off's line, so that generated text
// after moved text (a select's switch) is placed on the line it stands for.
func restore(off int) piece { return piece{a: off, b: off, src: true} }

// An edit replaces the source span [start, end) by its pieces. Edits nest:
// one whose span lies inside another's is rendered where a piece of the
// outer edit names that part of the source, so a rewrite of `<-ch` inside
// `out <- <-ch` composes with the rewrite of the send.
type edit struct {
	start, end int
	pieces     []piece
	seq        int
	children   []*edit
}

// renderer writes the rewritten file. It tracks the original line the
// compiler will believe the output is on; whenever a span of source is
// about to be written on a different line (because text moved, or a
// dropped span held a newline), it writes a /*line*/ directive first, so
// that every original token keeps its line in positions, panics and stacks.
type renderer struct {
	src      []byte
	name     string
	out      strings.Builder
	curLine  int
	newlines []int // offsets of '\n' in src
}

func (r *renderer) lineOf(off int) int {
	// the number of newlines before off, plus one
	return sort.SearchInts(r.newlines, off) + 1
}

func (r *renderer) colOf(off int) int {
	i := sort.SearchInts(r.newlines, off)
	if i == 0 {
		return off + 1
	}
	return off - r.newlines[i-1]
}

func (r *renderer) emitSrc(a, b int) {
	if l := r.lineOf(a); l != r.curLine {
		fmt.Fprintf(&r.out, "/*line %s:%d:%d*/", r.name, l, r.colOf(a))
		r.curLine = l
	}
	r.out.Write(r.src[a:b])
	r.curLine += strings.Count(string(r.src[a:b]), "\n")
}

// render writes source [a, b) with the edits of list that lie inside it.
func (r *renderer) render(list []*edit, a, b int) {
	pos := a
	for _, e := range list {
		if e.start < pos || e.end > b {
			continue
		}
		r.emitSrc(pos, e.start)
		for _, p := range e.pieces {
			if p.src {
				r.render(e.children, p.a, p.b)
			} else {
				r.out.WriteString(p.lit)
			}
		}
		pos = e.end
	}
	r.emitSrc(pos, b)
}

// tree nests the edits: sorted by start, longest first, earliest made
// first, each becomes a child of the innermost edit that contains it.
// An edit that overlaps another without nesting is a bug of the rewriter;
// it is returned so that the caller can report it.
func tree(edits []*edit) (roots []*edit, bad []*edit) {
	sort.SliceStable(edits, func(i, j int) bool {
		x, y := edits[i], edits[j]
		if x.start != y.start {
			return x.start < y.start
		}
		if x.end != y.end {
			return x.end > y.end
		}
		return x.seq < y.seq
	})
	var stack []*edit
	for _, e := range edits {
		// pop edits that end before e starts; an edit that starts inside
		// the top but ends past it overlaps
		for len(stack) > 0 && !contains(stack[len(stack)-1], e) {
			top := stack[len(stack)-1]
			if e.start < top.end {
				bad = append(bad, e)
				e = nil
				break
			}
			stack = stack[:len(stack)-1]
		}
		if e == nil {
			continue
		}
		if len(stack) == 0 {
			roots = append(roots, e)
		} else {
			top := stack[len(stack)-1]
			top.children = append(top.children, e)
		}
		stack = append(stack, e)
	}
	return roots, bad
}

func contains(outer, inner *edit) bool {
	return outer.start <= inner.start && inner.end <= outer.end
}

// openBlock opens a block with one multiple assignment, `{ n0, n1 := v0,
// v1; `: the temporaries of a go statement or a select, whose values are
// evaluated there, left to right, as the statement would.
func openBlock(names []string, values [][]piece) []piece {
	ps := []piece{lit("{ " + strings.Join(names, ", ") + " := ")}
	for i, v := range values {
		if i > 0 {
			ps = append(ps, lit(", "))
		}
		ps = append(ps, v...)
	}
	return append(ps, lit("; "))
}
