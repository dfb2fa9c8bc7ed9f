// Command build bundles the chat page from web/ into sim/web/assets with esbuild's Go API and records
// the hash of the sources it was built from (assets/SOURCE_HASH). Run it from the repository root
// after `npm ci` in web/: `make web`.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/botrt/botrt/sim/web/srchash"
)

func main() {
	if err := run("web", filepath.Join("sim", "web", "assets")); err != nil {
		fmt.Fprintln(os.Stderr, "web build:", err)
		os.Exit(1)
	}
}

func run(webDir, outDir string) error {
	abs, err := filepath.Abs(webDir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(abs, "node_modules", "preact")); err != nil {
		return fmt.Errorf("preact is not installed: run `npm ci` in %s first (%w)", webDir, err)
	}
	res := api.Build(api.BuildOptions{
		AbsWorkingDir:     abs,
		EntryPoints:       []string{"src/main.jsx"},
		Bundle:            true,
		Write:             false,
		Outdir:            "out",
		EntryNames:        "app",
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		MinifyIdentifiers: true,
		Target:            api.ES2020,
		Format:            api.FormatIIFE,
		JSX:               api.JSXAutomatic,
		JSXImportSource:   "preact",
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsEndOfFile,
		Loader:            map[string]api.Loader{".svg": api.LoaderDataURL},
	})
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return fmt.Errorf("esbuild:\n%s", msgs)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	for _, f := range res.OutputFiles {
		if err := os.WriteFile(filepath.Join(outDir, filepath.Base(f.Path)), f.Contents, 0o644); err != nil {
			return err
		}
	}
	page, err := os.ReadFile(filepath.Join(abs, "src", "index.html"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "index.html"), page, 0o644); err != nil {
		return err
	}
	hash, err := srchash.Of(abs)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, "SOURCE_HASH"), []byte(hash+"\n"), 0o644)
}
