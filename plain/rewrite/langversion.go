package rewrite

import (
	"go/build/constraint"
	"go/version"
)

// The calls the rewrite makes are of generic functions of package plain
// (plain.Send(ch, v) instantiates Send for ch's type), which a file of a
// language version before go1.18 cannot make: a module whose go.mod says
// go 1.15 (a dependency named by -rewrite, say) would no longer compile.
// A file's //go:build line can raise its own language version, so a
// rewritten file of an older version gets go1.18 through that line: a new
// one, or the file's own with "&& go1.18". Nothing from go1.15 to go1.18
// changes what older code means, and a file that is at go1.18 or later is
// left as it is (a constraint naming an older version would lower it: the
// loop variables of go1.22 would change).
const genericsVersion = "go1.18"

// languageHeader gives the rewritten file f the language version its
// rewritten calls need: it edits f's //go:build line in place, or returns
// the header to put before the file (empty when f needs none).
func (r *rw) languageHeader() string {
	v := r.info.FileVersions[r.f]
	if v == "" || version.Compare(v, genericsVersion) >= 0 {
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
			r.add(c.Pos(), c.End(), lit("//go:build ("+expr.String()+") && "+genericsVersion))
			return ""
		}
	}
	return "//go:build " + genericsVersion + "\n\n"
}
