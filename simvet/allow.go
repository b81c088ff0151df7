package simvet

import (
	"bytes"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// allowPrefix marks one line as an explicit exception. Exceptions are per
// line, never per file or per package, so that each one stays visible
// where it is and must carry its reason.
const allowPrefix = "//simvet:allow"

// allow is one allow comment and the line it exempts.
type allow struct {
	pos    token.Pos
	line   int // the exempted line
	reason string
	used   bool
}

type allowList []*allow

func (l allowList) covering(line int) *allow {
	for _, a := range l {
		if a.line == line {
			return a
		}
	}
	return nil
}

// parseAllows finds the file's allow comments. A comment at the end of a
// line exempts that line; a comment alone on its line exempts the next
// one, for lines too long to carry it.
func parseAllows(pass *analysis.Pass, f *ast.File, name string) allowList {
	var src []byte
	if pass.ReadFile != nil {
		src, _ = pass.ReadFile(name)
	}
	tf := pass.Fset.File(f.Pos())
	var out allowList
	for _, g := range f.Comments {
		for _, c := range g.List {
			rest, ok := strings.CutPrefix(c.Text, allowPrefix)
			if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
				continue
			}
			// The reason ends where another comment starts on the line.
			rest, _, _ = strings.Cut(rest, "//")
			line := tf.Line(c.Slash)
			if aloneOnLine(tf, src, c.Slash) {
				line++
			}
			out = append(out, &allow{pos: c.Slash, line: line, reason: strings.TrimSpace(rest)})
		}
	}
	return out
}

// aloneOnLine reports whether only blanks precede pos on its line. Without
// the source it answers false, so the comment exempts its own line only.
func aloneOnLine(tf *token.File, src []byte, pos token.Pos) bool {
	off := tf.Offset(pos)
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	if src == nil || off > len(src) || start > off {
		return false
	}
	return len(bytes.TrimSpace(src[start:off])) == 0
}
