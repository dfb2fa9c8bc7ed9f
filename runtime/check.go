package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// CheckFile compiles one script exactly as a Host would load it, without
// running it (`botrt check`). A syntax or type-stripping failure is a
// *CompileError naming the file as the caller spelled it, with the line and
// column in the original source (.ts lines, not the generated JavaScript).
func CheckFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	_, err = newCompiler(filepath.Dir(abs)).file(abs, src)
	if ce, ok := errors.AsType[*CompileError](err); ok {
		named := *ce
		named.File = path
		return &named
	}
	return err
}
