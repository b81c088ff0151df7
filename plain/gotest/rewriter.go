package gotest

import "errors"

// A Rewriter rewrites the files of packages into calls of package plain.
// It is the one seam between the command and the rewriter (package
// plain/rewrite): its request and answer are rewrite.Config and
// rewrite.Result field for field, so that the default is one call of
// rewrite.Rewrite, and tests can give files rewritten by hand.
type Rewriter interface {
	Rewrite(req Request) (*Rewritten, error)
	// Version changes whenever the output for the same input may change
	// (rewrite.Version); the cache of rewritten files is keyed on it.
	Version() string
}

// Request is what to rewrite.
type Request struct {
	Dir        string   // where packages are loaded (the user's module)
	Env        []string // environment for the go command
	BuildFlags []string // -tags etc., as go test gets them
	Patterns   []string // the packages whose files are rewritten (import paths)
}

// Rewritten is the rewriter's answer.
type Rewritten struct {
	Files map[string][]byte // rewritten contents by the original file's absolute path (changed files only)
	Notes []Note            // what was left as it was
}

// A Note is a construct the rewriter left as it was, and why.
type Note struct {
	Pos string // file:line:col
	Msg string
}

// errNoRewriter is the default Rewriter's answer while package
// plain/rewrite is not part of the module.
var errNoRewriter = errors.New("this build has no rewriter (package plain/rewrite): nothing can be rewritten")

// builtin is the default Rewriter.
type builtin struct{}

func (builtin) Rewrite(Request) (*Rewritten, error) { return nil, errNoRewriter }
func (builtin) Version() string                     { return "none" }
