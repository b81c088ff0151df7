package gotest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Rewriting a package of another module.
//
// The go command refuses an overlay of any file beneath GOMODCACHE
// ("Files beneath GOMODCACHE must not be replaced"): the module cache is
// verified against go.sum, and an overlay there would make a build that
// no go.sum line describes. A package that -rewrite names in a module of
// the module cache is therefore rewritten in a copy of its module, kept in
// execsim's cache under the module cache's own name for it (escaped
// path@version: what is there is fixed by go.sum), and the build is told
// to use the copy by a temporary -modfile: the module's go.mod plus
// replace path version => copy. A module replaced by a directory needs no
// sum (go.sum holds none for directories), so the go.sum stays as it is,
// and the copy's files can be overlaid like the user's own. A module
// already replaced by a directory outside the module cache (a replace
// => ../fork) is overlaid where it is: the go command accepts that.

// depModule is a module of the module cache some of whose packages are
// rewritten, and the copy they are rewritten in.
type depModule struct {
	Path, Version string // as the build list has it (the replaced module's)
	Dir           string // its directory in the module cache
	GoMod         string // the go.mod the go command reads for it
	Copy          string // its copy in execsim's cache
}

// modCache is the go command's GOMODCACHE.
func modCache(g goTool) (string, error) {
	out, err := g.output("env", "GOMODCACHE")
	if err != nil {
		return "", err
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", errors.New("execsim: go env GOMODCACHE is empty")
	}
	return dir, nil
}

// within reports whether path is dir or beneath it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel)
}

// depModules finds the modules of the module cache among pkgs' (sorted by
// path) and where their copies go under cache.
func depModules(pkgs []listed, gomodcache, cache string) ([]depModule, error) {
	byDir := map[string]depModule{}
	for _, p := range pkgs {
		if p.Module == nil || p.Module.Main || !within(p.Dir, gomodcache) {
			continue
		}
		// The build list names the module required; a replaced one's
		// files are its replacement's (a module path: in the module cache
		// too), and the copy replaces the required path@version.
		m := p.Module
		dir, gomod := m.Dir, m.GoMod
		if m.Replace != nil {
			dir, gomod = m.Replace.Dir, m.Replace.GoMod
		}
		if dir == "" || m.Version == "" {
			return nil, fmt.Errorf("execsim: -rewrite %s: the go command gives no directory or version for module %s", basePath(p), m.Path)
		}
		rel, err := filepath.Rel(gomodcache, dir)
		if err != nil || !filepath.IsLocal(rel) {
			return nil, fmt.Errorf("execsim: -rewrite %s: module %s is in %s, not beneath GOMODCACHE %s", basePath(p), m.Path, dir, gomodcache)
		}
		byDir[dir] = depModule{Path: m.Path, Version: m.Version, Dir: dir, GoMod: gomod, Copy: filepath.Join(cache, "modules", rel)}
	}
	out := make([]depModule, 0, len(byDir))
	for _, m := range byDir {
		if within(m.Copy, gomodcache) {
			return nil, fmt.Errorf("execsim: execsim's cache %s is beneath GOMODCACHE %s, where the go command refuses overlays; set the cache elsewhere", cache, gomodcache)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// copyModule makes m's copy, unless it is there: the whole module tree
// (embedded files, assembly and cgo sources build from it too), its files
// hard-linked where the file system allows and copied where not, and a
// go.mod if the module has none (the one the go command made up for it).
// The copy is made beside its final place and renamed there, so that a
// copy that exists is complete, and two runs making it at once both end
// with one.
func copyModule(m depModule) error {
	if _, err := os.Stat(m.Copy); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(m.Copy), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(m.Copy), ".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	err = filepath.WalkDir(m.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(m.Dir, path)
		if err != nil {
			return err
		}
		to := filepath.Join(tmp, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type().IsRegular():
			return linkOrCopy(path, to)
		}
		return nil // module zips hold regular files only
	})
	if err != nil {
		return fmt.Errorf("execsim: copying module %s@%s: %v", m.Path, m.Version, err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "go.mod")); os.IsNotExist(err) && m.GoMod != "" {
		if err := linkOrCopy(m.GoMod, filepath.Join(tmp, "go.mod")); err != nil {
			return fmt.Errorf("execsim: copying module %s@%s: %v", m.Path, m.Version, err)
		}
	}
	if err := os.Rename(tmp, m.Copy); err != nil {
		if _, serr := os.Stat(m.Copy); serr == nil {
			return nil // another run made it first
		}
		return fmt.Errorf("execsim: copying module %s@%s: %v", m.Path, m.Version, err)
	}
	return nil
}

func linkOrCopy(from, to string) error {
	if os.Link(from, to) == nil {
		return nil
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// replaceModfile writes into dir a go.mod that is gomod (the module's, or
// the temporary one execsim made already) plus a replace of each module by
// its copy, and the go.sum beside gomod; it returns the new go.mod's path.
func replaceModfile(g goTool, gomod, dir string, mods []depModule) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	sum, err := os.ReadFile(strings.TrimSuffix(gomod, ".mod") + ".sum")
	if err != nil && !os.IsNotExist(err) {
		return "", err
	}
	path := filepath.Join(dir, "go.replace.mod")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.replace.sum"), sum, 0o644); err != nil {
		return "", err
	}
	// go mod edit puts each replace where the file's own replace of the
	// same path@version would be, so a replace the module has already
	// (by a module path) gives way to the copy.
	args := []string{"mod", "edit"}
	for _, m := range mods {
		args = append(args, "-replace="+m.Path+"@"+m.Version+"="+m.Copy)
	}
	if _, err := g.output(append(args, path)...); err != nil {
		return "", fmt.Errorf("execsim: replacing modules by their copies: %v", err)
	}
	return path, nil
}

// relocate makes the rewritten files of the copies name the module
// cache's files in their //line and /*line*/ directives, and the notes
// too: the copy is execsim's business; reports, stacks and compile errors
// name the files a person can find (their contents are the same).
func relocate(res *Rewritten, mods []depModule) {
	origOf := func(file string) (string, bool) {
		for _, m := range mods {
			if rel, err := filepath.Rel(m.Copy, file); err == nil && filepath.IsLocal(rel) {
				return filepath.Join(m.Dir, rel), true
			}
		}
		return "", false
	}
	for file, data := range res.Files {
		orig, ok := origOf(file)
		if !ok {
			continue
		}
		s := string(data)
		s = strings.ReplaceAll(s, "//line "+file+":", "//line "+orig+":")
		s = strings.ReplaceAll(s, "/*line "+file+":", "/*line "+orig+":")
		res.Files[file] = []byte(s)
	}
	for i, n := range res.Notes {
		file, rest, ok := strings.Cut(n.Pos, ".go:")
		if !ok {
			continue
		}
		if orig, ok := origOf(file + ".go"); ok {
			res.Notes[i].Pos = orig + ":" + rest
		}
	}
}
