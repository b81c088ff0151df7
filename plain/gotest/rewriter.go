package gotest

import "github.com/execsim/execsim/plain/rewrite"

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
	// MainGoVersion is the main module's go line as its own go.mod has
	// it ("1.21"): see rewrite.Config.
	MainGoVersion string
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

// builtin is the default Rewriter: package plain/rewrite.
type builtin struct{}

func (builtin) Version() string { return rewrite.Version }

func (builtin) Rewrite(req Request) (*Rewritten, error) {
	res, err := rewrite.Rewrite(rewrite.Config{Dir: req.Dir, Env: req.Env, BuildFlags: req.BuildFlags, Patterns: req.Patterns, MainGoVersion: req.MainGoVersion})
	if err != nil {
		return nil, err
	}
	out := &Rewritten{Files: res.Files}
	for _, n := range res.Notes {
		out.Notes = append(out.Notes, Note{Pos: n.Pos, Msg: n.Msg})
	}
	return out, nil
}
