package kernels

import (
	"fmt"
	"os"
	"path/filepath"
)

// List names the kernels under root/kernels (root is the module's
// directory): the packages there with a kernel_test.go, in directory
// order. The runners that measure the corpus (plain/gotest's TestCorpus,
// cmd/simeval) take the corpus from it.
func List(root string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(root, "kernels"))
	if err != nil {
		return nil, fmt.Errorf("kernels: listing the kernels: %v", err)
	}
	var ks []string
	for _, e := range ents {
		if !e.IsDir() || e.Name() == "testdata" {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, "kernels", e.Name(), "kernel_test.go")); err == nil {
			ks = append(ks, e.Name())
		}
	}
	return ks, nil
}
