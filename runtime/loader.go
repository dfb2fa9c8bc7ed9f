package runtime

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/evanw/esbuild/pkg/api"
)

// gojaLacks tells esbuild which syntax goja cannot run, so only that is
// lowered and everything else stays native (research goja.md §2.1).
var gojaLacks = map[string]bool{
	"async-generator": false,
	"for-await":       false,
	"dynamic-import":  false,
	"top-level-await": false,
	"import-meta":     false,
	"using":           false,
	"decorators":      false,
}

// moduleWrapper makes each file a function, as Node does. It sits on the first
// line only, so the inline source map still lines up everywhere else.
const (
	wrapperHead = "(function (exports, require, module, __filename, __dirname) {"
	wrapperTail = "\n})"
)

// CompileError is a file that esbuild or goja rejected, with the position in
// the original source.
type CompileError struct {
	File   string // relative to the scripts folder
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based
	Msg    string
	Hint   string
}

func (e *CompileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

const tlaHint = "top-level await is not supported: move the code into an async function and call it, " +
	"e.g. `async function main() { ... }` then `main()`"

// compiler turns script files into goja programs. Programs are immutable and
// shared between generations and bots; a file is only recompiled when its
// content changes, so a reload recompiles just the edited file.
type compiler struct {
	root string // scripts folder, symlinks resolved

	mu    sync.Mutex
	files map[string]compiledFile // by absolute path
	pkgs  map[string]*bundle      // node_modules bundles by resolve dir + specifier
}

type compiledFile struct {
	sum [sha256.Size]byte
	prg *goja.Program
}

func newCompiler(root string) *compiler {
	return &compiler{root: root, files: make(map[string]compiledFile), pkgs: make(map[string]*bundle)}
}

// rel names a file for messages and stack traces: relative to the folder.
func (c *compiler) rel(abs string) string {
	if r, err := filepath.Rel(c.root, abs); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return abs
}

// file returns the program for a script file; running it yields the module
// wrapper function.
func (c *compiler) file(abs string, src []byte) (*goja.Program, error) {
	sum := sha256.Sum256(src)
	c.mu.Lock()
	cf, ok := c.files[abs]
	c.mu.Unlock()
	if ok && cf.sum == sum {
		return cf.prg, nil
	}
	name := c.rel(abs)
	base := filepath.Base(abs)
	sourcefile := base
	if ext := filepath.Ext(base); ext == ".mjs" || ext == ".mts" {
		// esbuild gives .mjs/.mts importers Node's interop, where a default
		// import is the whole module.exports even of a module compiled from
		// ESM; every file here is compiled alone to CommonJS, so that would
		// break default imports between our own ESM files. The real name goes
		// back into the source map below.
		sourcefile += ".js"
	}
	res := api.Transform(string(src), api.TransformOptions{
		Loader:     loaderFor(abs),
		Format:     api.FormatCommonJS,
		Target:     api.ESNext,
		Supported:  gojaLacks,
		Platform:   api.PlatformNode,
		Sourcemap:  api.SourceMapExternal,
		Sourcefile: sourcefile,
		LogLevel:   api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return nil, esbuildError(name, res.Errors[0])
	}
	code, err := withInlineMap(res.Code, res.Map, base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	prg, err := compileWrapped(name, code)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.files[abs] = compiledFile{sum: sum, prg: prg}
	c.mu.Unlock()
	return prg, nil
}

// compileWrapped compiles CommonJS code inside the module wrapper. Source maps
// are read only when inline: a script naming a host file in its
// sourceMappingURL must not make goja read that file.
func compileWrapped(name, code string) (*goja.Program, error) {
	ast, err := goja.Parse(name, wrapperHead+code+wrapperTail, parser.WithSourceMapLoader(func(p string) ([]byte, error) {
		return nil, fmt.Errorf("source map %s: only inline source maps are read", p)
	}))
	if err != nil {
		return nil, &CompileError{File: name, Msg: err.Error()}
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, &CompileError{File: name, Msg: err.Error()}
	}
	return prg, nil
}

// withInlineMap appends esbuild's source map to code as an inline map, with
// the source named source: goja resolves that name against the file's own
// (relative) name, so stack traces show the original file, e.g. lib/x.ts.
func withInlineMap(code, sourceMap []byte, source string) (string, error) {
	var m map[string]any
	if err := json.Unmarshal(sourceMap, &m); err != nil {
		return "", fmt.Errorf("reading esbuild's source map: %w", err)
	}
	m["sources"] = []string{source}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return string(code) + "//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString(b) + "\n", nil
}

func esbuildError(name string, m api.Message) *CompileError {
	e := &CompileError{File: name, Msg: m.Text}
	if m.Location != nil {
		e.Line, e.Column = m.Location.Line, m.Location.Column+1
	}
	if strings.Contains(m.Text, "Top-level await") {
		e.Hint = tlaHint
	}
	return e
}

func loaderFor(path string) api.Loader {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ts", ".mts", ".cts":
		return api.LoaderTS
	default:
		return api.LoaderJS
	}
}

// bundle is an npm package from the bot folder's node_modules, bundled by
// esbuild into one CommonJS program with host modules left external.
type bundle struct {
	prg    *goja.Program
	inputs map[string]fileStamp // to notice an npm install
}

type fileStamp struct {
	size  int64
	mtime int64
}

func stamp(path string) (fileStamp, bool) {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, false
	}
	return fileStamp{st.Size(), st.ModTime().UnixNano()}, true
}

func (b *bundle) fresh() bool {
	for p, want := range b.inputs {
		if got, ok := stamp(p); !ok || got != want {
			return false
		}
	}
	return true
}

// errNotFound says a bare specifier is neither a host module nor installed.
var errNotFound = errors.New("not found")

// pkg bundles the package spec as seen from dir. external lists the host
// module names, which stay require() calls resolved by the runtime.
func (c *compiler) pkg(spec, dir string, external []string) (*goja.Program, error) {
	key := dir + "\x00" + spec
	c.mu.Lock()
	b := c.pkgs[key]
	c.mu.Unlock()
	if b != nil && b.fresh() {
		return b.prg, nil
	}
	quoted, _ := json.Marshal(spec)
	res := api.Build(api.BuildOptions{
		Stdin: &api.StdinOptions{
			Contents:   "module.exports = require(" + string(quoted) + ");",
			ResolveDir: dir,
			Sourcefile: "<require " + spec + ">",
		},
		Bundle:        true,
		Write:         false,
		Format:        api.FormatCommonJS,
		Platform:      api.PlatformNode,
		Target:        api.ESNext,
		Supported:     gojaLacks,
		External:      external,
		Metafile:      true,
		LogLevel:      api.LogLevelSilent,
		AbsWorkingDir: c.root,
		Plugins:       []api.Plugin{c.confine()},
	})
	if len(res.Errors) > 0 {
		m := res.Errors[0]
		if strings.HasPrefix(m.Text, "Could not resolve") {
			return nil, fmt.Errorf("%w: %s", errNotFound, m.Text)
		}
		return nil, fmt.Errorf("bundling package %q: %s", spec, m.Text)
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("bundling package %q: esbuild produced %d files", spec, len(res.OutputFiles))
	}
	prg, err := compileWrapped("node_modules/"+spec, string(res.OutputFiles[0].Contents))
	if err != nil {
		return nil, err
	}
	var meta struct {
		Inputs map[string]struct {
			Imports []struct {
				Path     string `json:"path"`
				External bool   `json:"external"`
			} `json:"imports"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, fmt.Errorf("bundling package %q: reading esbuild metafile: %w", spec, err)
	}
	for _, in := range meta.Inputs {
		for _, imp := range in.Imports {
			if imp.Path == spec && imp.External {
				// esbuild leaves Node's built-ins to the runtime; this one is not provided.
				return nil, fmt.Errorf("%w: %q is a Node built-in module that botrt does not provide", errNotFound, spec)
			}
		}
	}
	b = &bundle{prg: prg, inputs: make(map[string]fileStamp, len(meta.Inputs))}
	for in := range meta.Inputs {
		p := in
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.root, p)
		}
		if st, ok := stamp(p); ok {
			b.inputs[p] = st
		}
	}
	c.mu.Lock()
	c.pkgs[key] = b
	c.mu.Unlock()
	return prg, nil
}

// confine makes esbuild refuse to read files outside the scripts folder
// (a node_modules further up the tree, symlinks pointing out).
func (c *compiler) confine() api.Plugin {
	return api.Plugin{
		Name: "botrt-confine",
		Setup: func(b api.PluginBuild) {
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "file"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				if !within(c.root, a.Path) {
					return api.OnLoadResult{}, fmt.Errorf("%s is outside the scripts folder %s", a.Path, c.root)
				}
				return api.OnLoadResult{}, nil // fall through to esbuild's own loading
			})
		},
	}
}

// within reports whether path is root or below it (both cleaned, absolute).
func within(root, path string) bool {
	r, err := filepath.Rel(root, path)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}
