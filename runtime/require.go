package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"
)

// scriptExts are the extensions tried, in order, for a require without one.
var scriptExts = []string{".js", ".ts", ".mjs", ".cjs", ".mts", ".cts", ".json"}

// modules is one generation's require(): host modules, files below the
// scripts folder (compiled through the shared compiler) and npm packages from
// node_modules. Loop goroutine only.
type modules struct {
	inst  *instance
	cache map[string]*goja.Object // host and npm module objects by key
	files *goja.Object            // require.cache: file module objects by absolute path
	main  *goja.Object            // require.main: the entry module
	deps  map[string]bool         // script files this generation loaded
}

func newModules(inst *instance) *modules {
	return &modules{inst: inst, cache: make(map[string]*goja.Object), deps: make(map[string]bool)}
}

// ModuleNotFoundError is what require throws for a name it cannot resolve.
type ModuleNotFoundError struct {
	Spec   string
	From   string
	Reason string
}

func (e *ModuleNotFoundError) Error() string {
	return fmt.Sprintf("cannot find module %q required from %s: %s", e.Spec, e.From, e.Reason)
}

// requireFunc builds the require function handed to the module in file from.
func (m *modules) requireFunc(from string) *goja.Object {
	vm := m.inst.loop.vm
	req := vm.ToValue(SafeFunc(vm, func(call goja.FunctionCall) goja.Value {
		spec := call.Argument(0)
		if _, isStr := spec.Export().(string); !isStr {
			panic(vm.NewTypeError("require: the module name must be a string, got %s", spec.String()))
		}
		v, err := m.require(from, spec.String())
		if err != nil {
			m.throw(err)
		}
		return v
	})).ToObject(vm)
	// require.cache works as in Node: deleting an entry makes the next
	// require run the file again (plugin loaders use it to reload).
	_ = req.Set("cache", m.fileCache())
	if m.main != nil {
		_ = req.Set("main", m.main)
	}
	_ = req.Set("resolve", SafeFunc(vm, func(call goja.FunctionCall) goja.Value {
		spec := call.Argument(0).String()
		if name, ok := m.hostName(spec); ok {
			return vm.ToValue(name)
		}
		p, err := m.resolvePath(from, spec)
		if err != nil {
			m.throw(err)
		}
		return vm.ToValue(p)
	}))
	return req
}

func (m *modules) fileCache() *goja.Object {
	if m.files == nil {
		m.files = m.inst.loop.vm.NewObject()
	}
	return m.files
}

// remember caches a module object: files in require.cache, the rest here.
func (m *modules) remember(key string, mod *goja.Object) {
	if filepath.IsAbs(key) {
		_ = m.fileCache().Set(key, mod)
	} else {
		m.cache[key] = mod
	}
}

func (m *modules) forget(key string) {
	if filepath.IsAbs(key) {
		_ = m.fileCache().Delete(key)
	} else {
		delete(m.cache, key)
	}
}

// cached returns the module object for key, if loaded.
func (m *modules) cached(key string) *goja.Object {
	if !filepath.IsAbs(key) {
		return m.cache[key]
	}
	mod, _ := m.fileCache().Get(key).(*goja.Object)
	return mod
}

// throw raises err in JS: script exceptions pass through unchanged, a missing
// module gets Node's MODULE_NOT_FOUND code.
func (m *modules) throw(err error) {
	vm := m.inst.loop.vm
	var ex *goja.Exception
	if errors.As(err, &ex) {
		panic(ex)
	}
	e, newErr := vm.New(vm.Get("Error"), vm.ToValue(err.Error()))
	if newErr != nil {
		panic(vm.NewGoError(err))
	}
	var nf *ModuleNotFoundError
	if errors.As(err, &nf) {
		_ = e.Set("code", "MODULE_NOT_FOUND")
	}
	panic(e)
}

// hostName maps a specifier to a host module name, with or without "node:".
func (m *modules) hostName(spec string) (string, bool) {
	mods := m.inst.host.modules
	if _, ok := mods[spec]; ok {
		return spec, true
	}
	if rest, ok := strings.CutPrefix(spec, "node:"); ok {
		if _, ok := mods[rest]; ok {
			return rest, true
		}
	}
	return "", false
}

func isPathSpec(spec string) bool {
	return spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || filepath.IsAbs(spec)
}

// require resolves spec for the module in file from and returns its exports.
func (m *modules) require(from, spec string) (goja.Value, error) {
	if name, ok := m.hostName(spec); ok {
		return m.host(name)
	}
	if isPathSpec(spec) {
		p, err := m.resolvePath(from, spec)
		if err != nil {
			return nil, err
		}
		return m.load(p)
	}
	return m.npm(from, spec)
}

// host instantiates a host module once per generation.
func (m *modules) host(name string) (goja.Value, error) {
	key := "host:" + name
	if mod := m.cached(key); mod != nil {
		return mod.Get("exports"), nil
	}
	v, err := m.inst.host.modules[name].Instantiate(m.inst)
	if err != nil {
		return nil, fmt.Errorf("module %q failed to initialise: %w", name, err)
	}
	mod := m.inst.loop.vm.NewObject()
	_ = mod.Set("exports", v)
	m.remember(key, mod)
	return v, nil
}

// npm loads a package from node_modules, bundled by esbuild.
func (m *modules) npm(from, spec string) (goja.Value, error) {
	dir := filepath.Dir(from)
	key := "npm:" + dir + "\x00" + spec
	if mod := m.cached(key); mod != nil {
		return mod.Get("exports"), nil
	}
	var prg *goja.Program
	var err error
	m.inst.loop.outsideBudget(func() { prg, err = m.inst.host.compiler.pkg(spec, dir, m.inst.host.external) })
	if errors.Is(err, errNotFound) {
		reason := "it is not a module botrt provides and no package of that name is installed in the scripts folder's node_modules"
		if strings.Contains(err.Error(), "Node built-in") {
			reason = "it is a Node built-in module that botrt does not provide"
		}
		return nil, &ModuleNotFoundError{Spec: spec, From: m.inst.host.compiler.rel(from), Reason: reason}
	}
	if err != nil {
		return nil, err
	}
	return m.run(key, prg, filepath.Join(m.inst.host.root, "node_modules", spec))
}

// resolvePath finds the file a relative or absolute specifier names, the way
// Node does (exact, then with an extension, then index files), plus the
// TypeScript habit of importing "./x.js" for x.ts. Only files inside the
// scripts folder can be loaded.
func (m *modules) resolvePath(fromFile, spec string) (string, error) {
	root := m.inst.host.root
	dir := filepath.Dir(fromFile)
	from := m.inst.host.compiler.rel(fromFile)
	base := spec
	if !filepath.IsAbs(base) {
		base = filepath.Join(dir, spec)
	}
	base = filepath.Clean(base)
	var candidates []string
	candidates = append(candidates, base)
	for _, ext := range scriptExts {
		candidates = append(candidates, base+ext)
	}
	switch filepath.Ext(base) {
	case ".js", ".jsx":
		stem := strings.TrimSuffix(base, filepath.Ext(base))
		candidates = append(candidates, stem+".ts", stem+".tsx")
	case ".mjs":
		candidates = append(candidates, strings.TrimSuffix(base, ".mjs")+".mts")
	case ".cjs":
		candidates = append(candidates, strings.TrimSuffix(base, ".cjs")+".cts")
	}
	for _, ext := range scriptExts {
		candidates = append(candidates, filepath.Join(base, "index"+ext))
	}
	for _, c := range candidates {
		st, err := os.Stat(c)
		if err != nil || st.IsDir() {
			continue
		}
		real, err := filepath.EvalSymlinks(c)
		if err != nil {
			continue
		}
		if !within(root, real) {
			return "", &ModuleNotFoundError{Spec: spec, From: from, Reason: "scripts may only load files inside the scripts folder " + root}
		}
		return real, nil
	}
	if !within(root, base) {
		return "", &ModuleNotFoundError{Spec: spec, From: from, Reason: "scripts may only load files inside the scripts folder " + root}
	}
	// Watch for the file to appear: a bot is often saved requiring a file
	// before that file is written.
	for _, c := range candidates {
		m.deps[c] = true
	}
	return "", &ModuleNotFoundError{Spec: spec, From: from, Reason: "no such file (tried " + strings.Join(scriptExts, ", ") + " and index files)"}
}

// load runs a script file (once per generation) and returns its exports.
func (m *modules) load(abs string) (goja.Value, error) {
	if mod := m.cached(abs); mod != nil {
		return mod.Get("exports"), nil
	}
	m.deps[abs] = true
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", m.inst.host.compiler.rel(abs), err)
	}
	if strings.EqualFold(filepath.Ext(abs), ".json") {
		return m.loadJSON(abs, src)
	}
	var prg *goja.Program
	m.inst.loop.outsideBudget(func() { prg, err = m.inst.host.compiler.file(abs, src) })
	if err != nil {
		return nil, err
	}
	m.warnUnicodeEscapes(abs, src)
	return m.run(abs, prg, abs)
}

func (m *modules) loadJSON(abs string, src []byte) (goja.Value, error) {
	var v any
	if err := json.Unmarshal(src, &v); err != nil {
		return nil, fmt.Errorf("%s: invalid JSON: %w", m.inst.host.compiler.rel(abs), err)
	}
	vm := m.inst.loop.vm
	mod := vm.NewObject()
	exp := vm.ToValue(v)
	_ = mod.Set("exports", exp)
	m.remember(abs, mod)
	return exp, nil
}

// run evaluates a compiled module wrapper. The module is cached before it
// runs so that circular requires see its partial exports, as in Node; a
// module that throws is dropped from the cache so a later require retries.
// key is the absolute filename for script files (require.cache) and a
// "npm:" key for packages.
func (m *modules) run(key string, prg *goja.Program, filename string) (goja.Value, error) {
	vm := m.inst.loop.vm
	wrapper, err := vm.RunProgram(prg)
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(wrapper)
	if !ok {
		return nil, fmt.Errorf("%s: module wrapper is not a function", filename)
	}
	dir := filepath.Dir(filename)
	exports := vm.NewObject()
	mod := vm.NewObject()
	_ = mod.Set("exports", exports)
	_ = mod.Set("id", filename)
	_ = mod.Set("filename", filename)
	_ = mod.Set("path", dir)
	_ = mod.Set("loaded", false)
	if m.main == nil {
		m.main = mod // the first module run is the entry file
	}
	req := m.requireFunc(filename)
	_ = mod.Set("require", req)
	m.remember(key, mod)
	if _, err := fn(exports, exports, req, mod, vm.ToValue(filename), vm.ToValue(dir)); err != nil {
		m.forget(key)
		return nil, err
	}
	_ = mod.Set("loaded", true)
	return mod.Get("exports"), nil
}

// warnUnicodeEscapes flags regular expressions with Unicode property
// escapes: goja reads /\p{L}/u as the literal text "p{L}" without any error
// (research goja.md §1), which silently breaks matching.
func (m *modules) warnUnicodeEscapes(abs string, src []byte) {
	for _, esc := range []string{`\p{`, `\P{`} {
		if i := strings.Index(string(src), esc); i >= 0 {
			line := 1 + strings.Count(string(src[:i]), "\n")
			m.inst.log.Warn(fmt.Sprintf("%s:%d: regular expressions with Unicode property escapes (%s...}) do not work in botrt's engine: they match the literal text; use explicit character ranges",
				m.inst.host.compiler.rel(abs), line, esc))
			return
		}
	}
}
