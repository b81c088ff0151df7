package gotest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// An overlay is what go test -overlay reads: each original file's path,
// and the file to compile in its place.
type overlay struct {
	Replace map[string]string
}

// manifest is one rewrite of a set of packages, as cached: the overlay and
// the rewriter's notes.
type manifest struct {
	Replace map[string]string
	Notes   []Note
}

// cacheKey is the identity of one rewrite: the rewriter's version, the go
// command's version, the build flags, and every file of the packages with
// its content. The packages' dependencies that are not rewritten are fixed
// by the module's go.mod and go.sum, which are in the key too.
func cacheKey(version, goVersion string, buildFlags []string, pkgs []listed, modFiles []string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "execsim rewrite cache 1\nrewriter %q\ngo %q\nflags %q\n", version, goVersion, buildFlags)
	for _, f := range modFiles {
		if err := hashFile(h, f); err != nil {
			return "", err
		}
	}
	for _, p := range pkgs {
		fmt.Fprintf(h, "package %q\n", p.ImportPath)
		for _, f := range files(p) {
			if err := hashFile(h, f); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h interface{ Write([]byte) (int, error) }, path string) error {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		fmt.Fprintf(h, "file %q absent\n", path)
		return nil
	}
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	fmt.Fprintf(h, "file %q %x\n", path, sum)
	return nil
}

// files are the absolute paths of a package's Go files, tests included,
// sorted.
func files(p listed) []string {
	var out []string
	for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
		for _, f := range list {
			out = append(out, filepath.Join(p.Dir, f))
		}
	}
	sort.Strings(out)
	return out
}

// store writes rewritten files into dir, each named by its content, and
// returns the overlay's Replace map. A file already there is not written
// again: the same rewritten text is the same file.
func store(dir string, rewritten map[string][]byte) (map[string]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	replace := map[string]string{}
	for orig, data := range rewritten {
		sum := sha256.Sum256(data)
		path := filepath.Join(dir, hex.EncodeToString(sum[:16])+".go")
		if _, err := os.Stat(path); err != nil {
			if err := writeAtomic(path, data); err != nil {
				return nil, err
			}
		}
		replace[orig] = path
	}
	return replace, nil
}

// keep writes rewritten files under dir at their paths relative to root
// (or, outside root, under their absolute path), for a person to read, and
// returns the overlay's Replace map.
func keep(dir, root string, rewritten map[string][]byte) (map[string]string, error) {
	replace := map[string]string{}
	for orig, data := range rewritten {
		rel, err := filepath.Rel(root, orig)
		if err != nil || !filepath.IsLocal(rel) {
			rel = filepath.Join("abs", orig)
		}
		path, err := filepath.Abs(filepath.Join(dir, rel))
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := writeAtomic(path, data); err != nil {
			return nil, err
		}
		replace[orig] = path
	}
	return replace, nil
}

// writeJSON writes v as JSON to path, atomically.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "\t")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeAtomic(path, append(data, '\n'))
}

// readManifest reads a cached rewrite; ok is false if there is none (or it
// does not read, or a file it names is gone: then it is made again).
func readManifest(path string) (m manifest, ok bool) {
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &m) != nil {
		return m, false
	}
	for _, f := range m.Replace {
		if _, err := os.Stat(f); err != nil {
			return m, false
		}
	}
	return m, true
}

// writeAtomic writes data to path through a temporary file in the same
// directory, so that a concurrent run never reads half a file.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
	}
	return werr
}
