package jsval

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestObjectKeepsInsertionOrder(t *testing.T) {
	o := NewObject().Set("b", int64(1)).Set("a", "x").Set("c", true)
	o.Set("b", int64(2)) // overwrite keeps position
	if got := strings.Join(o.Keys(), ","); got != "b,a,c" {
		t.Fatalf("keys = %s", got)
	}
	if v, _ := o.Get("b"); v != int64(2) {
		t.Fatalf("b = %v", v)
	}
	o.Delete("a")
	o.Delete("missing")
	if got := strings.Join(o.Keys(), ","); got != "b,c" || o.Len() != 2 {
		t.Fatalf("after delete keys = %s", got)
	}
	o.SetIf(false, "no", 1.0).SetIf(true, "yes", 1.0)
	if o.Has("no") || !o.Has("yes") {
		t.Fatal("SetIf")
	}
}

func TestUndefinedReadsAsAbsent(t *testing.T) {
	o := NewObject().Set("u", Undefined).Set("n", nil)
	if o.Has("u") {
		t.Fatal("undefined entry must read as absent")
	}
	if !o.Has("n") {
		t.Fatal("null entry must be present")
	}
	var nilObj *Object
	if nilObj.Len() != 0 || nilObj.Has("x") || nilObj.Keys() != nil {
		t.Fatal("nil object must read as empty")
	}
}

func TestStringify(t *testing.T) {
	date := time.Date(2026, 11, 27, 7, 0, 0, 5e6, time.UTC)
	cases := []struct {
		name string
		in   Value
		want string
	}{
		{"null", nil, "null"},
		{"scalars", Array{true, "a\"b", int64(-3), uint64(18446744073709551615), 1.5, 2.0}, `[true,"a\"b",-3,18446744073709551615,1.5,2]`},
		{"buffer", []byte{1, 255}, `{"type":"Buffer","data":[1,255]}`},
		{"date", date, `"2026-11-27T07:00:00.005Z"`},
		{"undefined omitted in objects", NewObject().Set("a", Undefined).Set("b", int64(1)), `{"b":1}`},
		{"undefined as null in arrays", Array{Undefined}, `[null]`},
		{"nested order", NewObject().Set("z", NewObject().Set("y", Array{})).Set("a", ""), `{"z":{"y":[]},"a":""}`},
		{"nan", math.NaN(), "null"},
		{"big", 1e21, "1e+21"},
		{"small", 1.5e-7, "1.5e-7"},
		{"error", errors.New("x"), "{}"},
		{"escapes like JSON.stringify", "<a&b>\n\t\x01\"\\ é\u2028", `"<a&b>\n\t\u0001\"\\ é` + "\u2028" + `"`},
	}
	for _, c := range cases {
		if got := Stringify(c.in); got != c.want {
			t.Errorf("%s: got %s want %s", c.name, got, c.want)
		}
	}
}

func TestCheckNamesTheBadPath(t *testing.T) {
	good := NewObject().Set("a", Array{int64(1), []byte{}, time.Time{}, bytes.NewReader(nil), errors.New("e"), Undefined})
	if err := Check(good); err != nil {
		t.Fatal(err)
	}
	bad := NewObject().Set("a", Array{int64(1), NewObject().Set("b", 3)})
	err := Check(bad)
	if err == nil || !strings.Contains(err.Error(), ".a[1].b") || !strings.Contains(err.Error(), "int") {
		t.Fatalf("err = %v", err)
	}
	if err := Check(struct{}{}); err == nil || !strings.Contains(err.Error(), "(root)") {
		t.Fatalf("err = %v", err)
	}
}

func TestKindOf(t *testing.T) {
	for v, want := range map[any]string{"s": "string", true: "boolean", int64(1): "number", 1.5: "number", uint64(1): "number"} {
		if got := KindOf(v); got != want {
			t.Errorf("%v: %s", v, got)
		}
	}
	cases := []struct {
		v    Value
		want string
	}{{nil, "null"}, {Undefined, "undefined"}, {[]byte{}, "Buffer"}, {time.Time{}, "Date"}, {NewObject(), "object"},
		{Array{}, "array"}, {errors.New("x"), "Error"}, {bytes.NewReader(nil), "stream"}, {3, "Go int"}}
	for _, c := range cases {
		if got := KindOf(c.v); got != c.want {
			t.Errorf("%T: %s want %s", c.v, got, c.want)
		}
	}
}
