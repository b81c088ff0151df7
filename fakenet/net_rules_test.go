package fakenet

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// bannedNet are the functions and types of package net that reach the
// host's real network or start goroutines of their own. Its interfaces
// (Conn, Listener, Addr, Error), errors (ErrClosed, OpError) and address
// types stay allowed: streams satisfy and return them.
var bannedNet = []string{
	"Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "DialUnix", "Dialer",
	"Listen", "ListenTCP", "ListenUDP", "ListenIP", "ListenUnix", "ListenPacket", "ListenMulticastUDP", "ListenConfig",
	"Resolver", "DefaultResolver", "LookupHost", "LookupIP", "LookupAddr", "LookupPort", "LookupCNAME",
	"LookupMX", "LookupNS", "LookupSRV", "LookupTXT", "LookupNetIP",
	"ResolveTCPAddr", "ResolveUDPAddr", "ResolveIPAddr", "ResolveUnixAddr",
	"Interfaces", "InterfaceAddrs", "InterfaceByName", "InterfaceByIndex",
	"FileConn", "FileListener", "FilePacketConn", "Pipe",
}

// netViolations returns one line per use of a banned name of package net
// in the non-test Go files of dir.
func netViolations(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var bad []string
	files := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files++
		netName := ""
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "net" {
				netName = "net"
				if imp.Name != nil {
					netName = imp.Name.Name
				}
			}
		}
		if netName == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == netName && slices.Contains(bannedNet, sel.Sel.Name) {
					bad = append(bad, fmt.Sprintf("%s: net.%s: the network is simulated; only net's interfaces, errors and address types are allowed", fset.Position(sel.Pos()), sel.Sel.Name))
				}
			}
			return true
		})
	}
	if files == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return bad
}

func TestNoRealNetwork(t *testing.T) {
	for _, v := range netViolations(t, ".") {
		t.Error(v)
	}
}

// The check can fail: a file that dials and listens for real, under a
// renamed import, is caught twice; one that only names net's types is not.
func TestNoRealNetworkCatches(t *testing.T) {
	dir := t.TempDir()
	bad := "package bad\n\nimport stdnet \"net\"\n\nfunc f() { stdnet.Dial(\"tcp\", \"x:1\"); stdnet.Listen(\"tcp\", \":1\") }\n"
	good := "package bad\n\nimport \"net\"\n\nvar _ net.Conn\nvar _ = net.ErrClosed\n"
	if err := os.WriteFile(filepath.Join(dir, "bad.go"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.go"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	got := netViolations(t, dir)
	if len(got) != 2 || !strings.Contains(got[0], "net.Dial") || !strings.Contains(got[1], "net.Listen") {
		t.Errorf("want net.Dial and net.Listen reported in bad.go, nothing in good.go; got %q", got)
	}
}
