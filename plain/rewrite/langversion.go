package rewrite

import (
	"go/build/constraint"
	"go/version"
)

// The calls the rewrite makes are of generic functions of package plain
// (plain.Send(ch, v) instantiates Send for ch's type), which a file of a
// language version before go1.18 cannot make: a module whose go.mod says
// go 1.15 (a dependency named by -rewrite, say) would no longer compile.
// And the build may give a file a later version than its module's own
// (see Config.MainGoVersion), which changes what its loops mean. A file's
// //go:build line sets its own language version, so a rewritten file gets
// the one it needs there: its module's own, and at least go1.18, through
// a new line or its own with "&& goX". Nothing from go1.15 to go1.18
// changes what older code means.
const genericsVersion = "go1.18"

// rangeFuncVersion is what a range over plain's iterators (Range,
// RangeMap) needs: a range over a channel or a map that assigns to
// variables declared before it (`for v = range ch`; one that declares
// them becomes a three-clause loop, which needs nothing new). It gives the
// file per-iteration loop variables, go1.22's: for a file of an older
// module with such a range, its loops' variables are no longer shared
// (Config.MainGoVersion cannot keep that for it).
const rangeFuncVersion = "go1.23"

// languageHeader gives the rewritten file f the language version it is to
// have: keep (its module's own, "" for the build's), at least what its
// rewritten code needs (go1.18, or go1.23 with a range over an iterator). It
// edits f's //go:build line in place, or returns the header to put before
// the file (empty when f needs none).
func (r *rw) languageHeader(keep string) string {
	v := r.info.FileVersions[r.f]
	if v == "" {
		return ""
	}
	want := v
	if keep != "" && version.Compare(keep, want) < 0 {
		want = keep
	}
	least := genericsVersion
	if r.rangesOverFuncs {
		least = rangeFuncVersion
	}
	if version.Compare(want, least) < 0 {
		want = least
	}
	if want == v {
		return ""
	}
	for _, cg := range r.f.Comments {
		if cg.Pos() >= r.f.Package {
			break
		}
		for _, c := range cg.List {
			if !constraint.IsGoBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				return "" // the go command rejects the file as it is
			}
			r.add(c.Pos(), c.End(), lit("//go:build ("+expr.String()+") && "+want))
			return ""
		}
	}
	return "//go:build " + want + "\n\n"
}
