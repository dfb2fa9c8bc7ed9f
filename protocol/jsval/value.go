// Package jsval is the Go representation of JavaScript values that cross from
// protocol into jsapi (event payloads, WAMessage objects, socket results) and
// back (sendMessage content, options, proto.fromObject input). It is plain Go
// data, safe to pass between goroutines; jsapi converts it to and from goja
// values on a bot's loop and must follow these rules exactly:
//
//	Go value                 JS value
//	nil                      null
//	Undefined                undefined (as an Object entry: the key is absent)
//	bool                     boolean
//	string                   string
//	int64, uint64, float64   number (integers beyond 2^53 lose precision, as
//	                         Baileys' toNumber does with protobuf Longs)
//	[]byte                   Buffer (a copy; never a view shared with Go)
//	time.Time                Date
//	*Object                  plain object whose own keys are in insertion order
//	Array                    array
//	error                    Error: Boom-shaped when it carries a status code
//	                         (see protocol/errs), else a plain Error
//
// In the JS → Go direction jsapi produces the same kinds, with two additions:
// a JS number that is an integer in int64 range arrives as int64, any other
// number as float64; a Node Readable stream (sendMessage's {stream}) arrives as
// an io.Reader. Uint8Array and ArrayBuffer arrive as []byte. Functions, symbols
// and class instances other than Buffer/Date/Error are rejected by jsapi with a
// TypeError naming the key.
//
// Values are plain data without locks: build a payload on one goroutine and
// treat it as immutable once handed on (queued, encoded or converted).
//
// Key order matters because scripts print payloads with console.log and
// JSON.stringify, and Baileys' objects list their keys in protobuf field order;
// Object therefore keeps insertion order and Set on an existing key keeps its
// position.
package jsval

import (
	"fmt"
	"io"
	"time"
)

// Value is one of the Go kinds listed in the package comment.
type Value = any

// undefinedType is unexported so that Undefined is the only value of it.
type undefinedType struct{}

// Undefined stands for JS undefined. An Object entry holding Undefined is an
// absent key: jsapi skips it and Stringify omits it.
var Undefined Value = undefinedType{}

// IsUndefined reports whether v is Undefined.
func IsUndefined(v Value) bool {
	_, ok := v.(undefinedType)
	return ok
}

// Array is a JS array.
type Array []Value

// Object is a JS object with ordered keys. The zero value is empty and ready
// to use; a nil *Object reads as empty.
type Object struct {
	keys []string
	vals map[string]Value
}

// NewObject returns an empty object.
func NewObject() *Object { return &Object{} }

// Set stores v under key and returns o so that literals can be chained. A new
// key goes last; an existing key keeps its position.
func (o *Object) Set(key string, v Value) *Object {
	if o.vals == nil {
		o.vals = make(map[string]Value)
	}
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
	return o
}

// SetIf stores v under key only when cond holds; it keeps optional fields of
// payload literals on one line.
func (o *Object) SetIf(cond bool, key string, v Value) *Object {
	if cond {
		o.Set(key, v)
	}
	return o
}

// Get returns the value under key. An Undefined entry reads as absent.
func (o *Object) Get(key string) (Value, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.vals[key]
	if ok && IsUndefined(v) {
		return nil, false
	}
	return v, ok
}

// Has reports whether key is present and not Undefined.
func (o *Object) Has(key string) bool {
	_, ok := o.Get(key)
	return ok
}

// Delete removes key.
func (o *Object) Delete(key string) {
	if o == nil {
		return
	}
	if _, ok := o.vals[key]; !ok {
		return
	}
	delete(o.vals, key)
	for i, k := range o.keys {
		if k == key {
			o.keys = append(o.keys[:i], o.keys[i+1:]...)
			break
		}
	}
}

// Keys returns the keys in order, including those holding Undefined.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return append([]string(nil), o.keys...)
}

// Len is the number of keys, including those holding Undefined.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// Range calls fn for every key in order until fn returns false.
func (o *Object) Range(fn func(key string, v Value) bool) {
	if o == nil {
		return
	}
	for _, k := range o.keys {
		if !fn(k, o.vals[k]) {
			return
		}
	}
}

// Check reports the first value in the tree of v that is not one of the kinds
// this package allows, with its path, so producers can prove their payloads
// are convertible.
func Check(v Value) error { return check(v, "") }

func check(v Value, path string) error {
	switch t := v.(type) {
	case nil, undefinedType, bool, string, int64, uint64, float64, []byte, time.Time, error, io.Reader:
		return nil
	case *Object:
		var err error
		t.Range(func(k string, child Value) bool {
			err = check(child, path+"."+k)
			return err == nil
		})
		return err
	case Array:
		for i, child := range t {
			if err := check(child, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	default:
		if path == "" {
			path = "(root)"
		}
		return fmt.Errorf("jsval: %s holds unsupported Go type %T", path, v)
	}
}

// KindOf names the JS type of v for error messages ("string", "number",
// "Buffer", "array", "object", "null", "undefined", "Date", "stream").
func KindOf(v Value) string {
	switch v.(type) {
	case nil:
		return "null"
	case undefinedType:
		return "undefined"
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, uint64, float64:
		return "number"
	case []byte:
		return "Buffer"
	case time.Time:
		return "Date"
	case *Object:
		return "object"
	case Array:
		return "array"
	case error:
		return "Error"
	case io.Reader:
		return "stream"
	}
	return fmt.Sprintf("Go %T", v)
}
