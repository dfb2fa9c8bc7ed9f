package runtime

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// inspect renders a JS value for the log the way Node's util.inspect does in
// its common cases (objects as { a: 1 }, arrays, errors with their stack,
// Buffers, Maps, Sets), bounded in depth and length so that a huge or cyclic
// object cannot flood the log.
type inspector struct {
	vm    *goja.Runtime
	seen  []*goja.Object
	depth int
}

const (
	inspectDepth    = 2
	inspectMaxItems = 100
	inspectMaxBytes = 50
)

var identRe = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// inspectValue renders v. Reading properties can run script code (getters,
// proxies) that throws; the rendering then runs inside a goja call, which
// catches the exception and restores the runtime, and a marker replaces it.
func inspectValue(vm *goja.Runtime, v goja.Value) string {
	in := &inspector{vm: vm}
	var b strings.Builder
	render, _ := goja.AssertFunction(vm.ToValue(func(goja.FunctionCall) goja.Value {
		in.write(&b, v, false)
		return goja.Undefined()
	}))
	if _, err := render(goja.Undefined()); err != nil {
		return "[value that cannot be inspected: " + cleanStack(err.Error()) + "]"
	}
	return b.String()
}

func (in *inspector) write(b *strings.Builder, v goja.Value, nested bool) {
	switch {
	case v == nil || goja.IsUndefined(v):
		b.WriteString("undefined")
		return
	case goja.IsNull(v):
		b.WriteString("null")
		return
	}
	if _, isSym := v.(*goja.Symbol); isSym { // exports as its description
		b.WriteString("Symbol(" + v.String() + ")")
		return
	}
	switch x := v.Export().(type) {
	case string:
		if nested {
			b.WriteString(quoteJS(x))
		} else {
			b.WriteString(x)
		}
		return
	case bool, int64:
		b.WriteString(v.String())
		return
	case float64:
		if x == 0 && math.Signbit(x) {
			b.WriteString("-0")
		} else {
			b.WriteString(v.String())
		}
		return
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		b.WriteString(v.String())
		if v.ExportType() != nil && v.ExportType().String() == "*big.Int" {
			b.WriteString("n")
		}
		return
	}
	for _, s := range in.seen {
		if s == obj {
			b.WriteString("[Circular]")
			return
		}
	}
	in.seen = append(in.seen, obj)
	defer func() { in.seen = in.seen[:len(in.seen)-1] }()
	in.object(b, obj, nested)
}

func (in *inspector) object(b *strings.Builder, obj *goja.Object, nested bool) {
	switch obj.ClassName() {
	case "Function":
		name := obj.Get("name").String()
		if strings.HasPrefix(obj.String(), "class") {
			b.WriteString("[class " + name + "]")
		} else if name == "" {
			b.WriteString("[Function (anonymous)]")
		} else {
			b.WriteString("[Function: " + name + "]")
		}
		return
	case "Error":
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) {
			b.WriteString(cleanStack(st.String()))
		} else {
			b.WriteString(obj.String())
		}
		return
	case "Date", "RegExp":
		if fn, ok := goja.AssertFunction(obj.Get("toISOString")); ok && obj.ClassName() == "Date" {
			if s, err := fn(obj); err == nil {
				b.WriteString(s.String())
				return
			}
		}
		b.WriteString(obj.String())
		return
	case "Promise":
		b.WriteString("Promise {}")
		return
	}
	if bs, ok := obj.Export().([]byte); ok {
		in.bytes(b, obj, bs)
		return
	}
	if in.depth > inspectDepth {
		if obj.ClassName() == "Array" {
			b.WriteString("[Array]")
		} else {
			b.WriteString("[Object]")
		}
		return
	}
	in.depth++
	defer func() { in.depth-- }()
	switch {
	case obj.ClassName() == "Array":
		in.array(b, obj)
	case isCollection(obj):
		in.collection(b, obj)
	default:
		in.plain(b, obj)
	}
}

// isCollection reports a Map or Set (goja gives them the class name Object).
func isCollection(obj *goja.Object) bool {
	c, ok := obj.Get("constructor").(*goja.Object)
	if !ok {
		return false
	}
	name := c.Get("name").String()
	_, iterable := goja.AssertFunction(obj.Get("entries"))
	return (name == "Map" || name == "Set") && iterable
}

func (in *inspector) bytes(b *strings.Builder, obj *goja.Object, bs []byte) {
	name := "Uint8Array"
	if c := obj.Get("constructor"); c != nil {
		if co, ok := c.(*goja.Object); ok {
			name = co.Get("name").String()
		}
	}
	b.WriteString("<" + name)
	for i, x := range bs {
		if i == inspectMaxBytes {
			b.WriteString(" ... " + strconv.Itoa(len(bs)-inspectMaxBytes) + " more bytes")
			break
		}
		b.WriteString(" " + strconv.FormatUint(uint64(x)|0x100, 16)[1:])
	}
	b.WriteString(">")
}

func (in *inspector) array(b *strings.Builder, obj *goja.Object) {
	n := int(obj.Get("length").ToInteger())
	if n == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[ ")
	for i := 0; i < n; i++ {
		if i == inspectMaxItems {
			b.WriteString(", ... " + strconv.Itoa(n-inspectMaxItems) + " more items")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		in.write(b, obj.Get(strconv.Itoa(i)), true)
	}
	b.WriteString(" ]")
}

// collection renders a Map or Set through its own iterator.
func (in *inspector) collection(b *strings.Builder, obj *goja.Object) {
	kind := obj.Get("constructor").ToObject(in.vm).Get("name").String()
	isMap := kind == "Map"
	size := obj.Get("size").ToInteger()
	b.WriteString(kind + "(" + strconv.FormatInt(size, 10) + ") {")
	entries, ok := goja.AssertFunction(obj.Get("entries"))
	if !ok || size == 0 {
		b.WriteString("}")
		return
	}
	it, err := entries(obj)
	if err != nil {
		b.WriteString(" <error> }")
		return
	}
	next, _ := goja.AssertFunction(it.ToObject(in.vm).Get("next"))
	for i := 0; next != nil; i++ {
		r, err := next(it)
		if err != nil || r.ToObject(in.vm).Get("done").ToBoolean() {
			break
		}
		if i == inspectMaxItems {
			b.WriteString(" ...,")
			break
		}
		pair := r.ToObject(in.vm).Get("value").ToObject(in.vm)
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(" ")
		in.write(b, pair.Get("0"), true)
		if isMap {
			b.WriteString(" => ")
			in.write(b, pair.Get("1"), true)
		}
	}
	b.WriteString(" }")
}

func (in *inspector) plain(b *strings.Builder, obj *goja.Object) {
	prefix := ""
	if c, ok := obj.Get("constructor").(*goja.Object); ok {
		if name := c.Get("name"); name != nil && name.String() != "Object" && name.String() != "" {
			prefix = name.String() + " "
		}
	}
	keys := obj.Keys()
	if len(keys) == 0 {
		b.WriteString(prefix + "{}")
		return
	}
	b.WriteString(prefix + "{ ")
	for i, k := range keys {
		if i == inspectMaxItems {
			b.WriteString(", ... " + strconv.Itoa(len(keys)-inspectMaxItems) + " more keys")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if identRe.MatchString(k) {
			b.WriteString(k)
		} else {
			b.WriteString(quoteJS(k))
		}
		b.WriteString(": ")
		in.write(b, obj.Get(k), true)
	}
	b.WriteString(" }")
}

func quoteJS(s string) string {
	q := strconv.Quote(s)
	if !strings.Contains(s, "'") {
		q = "'" + strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`) + "'"
	}
	return q
}

// goja appends the bytecode offset to each frame ("file.ts:3:7(12)") and
// lists host functions by their Go name; neither means anything to a script
// author.
var (
	pcSuffix    = regexp.MustCompile(`(:\d+:\d+)\(\d+\)`)
	nativeFrame = regexp.MustCompile(`(?m)^\s*at [^\s]*/[^\s]* \(native\)\n`)
)

func cleanStack(s string) string {
	return nativeFrame.ReplaceAllString(pcSuffix.ReplaceAllString(s, "$1"), "")
}
