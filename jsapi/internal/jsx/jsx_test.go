package jsx_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
)

func TestGoPanicsBecomeCatchableErrors(t *testing.T) {
	vm := goja.New()
	var nilMap map[string]int
	must(t, vm.Set("buggy", jsx.Func(vm, "test.buggy", func(goja.FunctionCall) goja.Value {
		nilMap["x"] = 1 // a Go bug: assignment to a nil map panics
		return nil
	})))
	must(t, vm.Set("strict", jsx.Func(vm, "test.strict", func(c goja.FunctionCall) goja.Value {
		return vm.ToValue(jsx.String(vm, c, 0, "name"))
	})))
	must(t, vm.Set("Thing", jsx.Ctor(vm, "test.Thing", func(goja.ConstructorCall) *goja.Object {
		var s []int
		_ = s[3]
		return nil
	})))
	v, err := vm.RunString(`
		const out = [];
		try { buggy(); } catch (e) { out.push(e instanceof Error, e.message); }
		try { new Thing(); } catch (e) { out.push(e.message); }
		try { strict(5); } catch (e) { out.push(e instanceof TypeError, e.code, e.message); }
		out.push(strict('ok'));
		out.join(' | ');
	`)
	if err != nil {
		t.Fatalf("the panic escaped to Go: %v", err)
	}
	got := v.String()
	for _, want := range []string{
		"true | internal error in test.buggy (a botrt bug, please report it): assignment to entry in nil map",
		"internal error in test.Thing",
		`true | ERR_INVALID_ARG_TYPE | The "name" argument must be of type string. Received type int64 (5)`,
		"| ok",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestSourceReportsBrokenBuiltins(t *testing.T) {
	vm := goja.New()
	if _, err := (&jsx.Source{Name: "bad.js", Code: "function ( {"}).Run(vm, nil); err == nil || !strings.Contains(err.Error(), "compiling built-in bad.js") {
		t.Fatalf("syntax error: %v", err)
	}
	if _, err := (&jsx.Source{Name: "throws.js", Code: "function () { throw new Error('init failed') }"}).Run(vm, nil); err == nil || !strings.Contains(err.Error(), "init failed") {
		t.Fatalf("throwing init: %v", err)
	}
	if _, err := (&jsx.Source{Name: "value.js", Code: "42"}).Run(vm, nil); err == nil || !strings.Contains(err.Error(), "does not evaluate to a function") {
		t.Fatalf("non-function: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestLazyGlobals(t *testing.T) {
	vm := goja.New()
	builds := 0
	err := jsx.Lazy(vm, []string{"Alpha", "Beta"}, func() (*goja.Object, error) {
		builds++
		o := vm.NewObject()
		_ = o.Set("Alpha", 1)
		_ = o.Set("Beta", 2)
		return o, nil
	})
	must(t, err)
	must(t, jsx.Lazy(vm, []string{"Broken"}, func() (*goja.Object, error) { return nil, errors.New("no engine") }))
	v, err := vm.RunString(`globalThis.Beta = 'mine'; [typeof Alpha, Alpha + Alpha, Beta, Object.keys(globalThis).includes('Alpha')].join()`)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "number,2,mine,false" || builds != 1 {
		t.Fatalf("got %s after %d builds", v, builds)
	}
	if _, err := vm.RunString(`Broken`); err == nil || !strings.Contains(err.Error(), "no engine") {
		t.Fatalf("failed build: %v", err)
	}
}
