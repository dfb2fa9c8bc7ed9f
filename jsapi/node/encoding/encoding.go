// Package encoding provides the WHATWG TextEncoder and TextDecoder (utf-8,
// utf-16le, latin1/windows-1252; fatal, ignoreBOM and streaming decode), as
// globals and for util.TextEncoder/TextDecoder.
package encoding

import (
	_ "embed"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/runtime"
)

//go:embed encoding.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:encoding.js", Code: source}
	objKey = goja.NewSymbol("botrt.encoding")
)

// Global installs TextEncoder and TextDecoder.
func Global() runtime.Global {
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		vm := bot.Runtime()
		return jsx.Lazy(vm, []string{"TextEncoder", "TextDecoder"}, func() (*goja.Object, error) { return Classes(vm) })
	})
}

// Classes returns an object holding the runtime's TextEncoder and TextDecoder.
func Classes(vm *goja.Runtime) (*goja.Object, error) {
	v, err := jsx.Cached(vm, objKey, func() (goja.Value, error) { return prog.Run(vm, natives(vm)) })
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}

func natives(vm *goja.Runtime) *goja.Object {
	n := vm.NewObject()
	jsx.Set(vm, n, "TextEncoder", map[string]jsx.Fn{
		"encode": func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(vm.NewArrayBuffer([]byte(call.Argument(0).String())))
		},
		"encodeInto": func(call goja.FunctionCall) goja.Value {
			dst, ok := buffer.Bytes(vm, call.Argument(1))
			if !ok {
				jsx.TypeError(vm, "The \"dest\" argument must be an instance of Uint8Array.")
			}
			read, written := 0, 0
			for _, r := range call.Argument(0).String() {
				size := utf8.RuneLen(r)
				if written+size > len(dst) {
					break
				}
				utf8.EncodeRune(dst[written:], r)
				written += size
				read += len(utf16.AppendRune(nil, r))
			}
			return vm.ToValue([]any{read, written})
		},
	})
	jsx.Set(vm, n, "TextDecoder", map[string]jsx.Fn{
		"decode": func(call goja.FunctionCall) goja.Value {
			b, ok := buffer.Bytes(vm, call.Argument(0))
			if !ok {
				jsx.TypeError(vm, "The \"input\" argument must be an instance of ArrayBuffer or ArrayBufferView.")
			}
			fatal, ignoreBOM, stream := call.Argument(2).ToBoolean(), call.Argument(3).ToBoolean(), call.Argument(4).ToBoolean()
			text, rest, err := decode(b, call.Argument(1).String(), fatal, ignoreBOM, stream)
			if err != nil {
				panic(jsx.Error(vm, "TypeError", "ERR_ENCODING_INVALID_ENCODED_DATA", err.Error()))
			}
			return vm.ToValue([]any{text, rest})
		},
	})
	return n
}

// decode returns the text and how many trailing bytes of an incomplete
// sequence were held back for the next streaming call.
func decode(b []byte, enc string, fatal, ignoreBOM, stream bool) (text any, rest int, err error) {
	switch enc {
	case "utf-16le":
		if stream && len(b)%2 == 1 {
			rest = 1
		}
		units := make([]uint16, (len(b)-rest)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		if !ignoreBOM && len(units) > 0 && units[0] == 0xfeff {
			units = units[1:]
		}
		return goja.StringFromUTF16(units), rest, nil
	case "windows-1252":
		units := make([]uint16, len(b))
		for i, c := range b {
			units[i] = uint16(c)
		}
		return goja.StringFromUTF16(units), 0, nil
	}
	if stream {
		rest = incompleteTail(b)
	}
	b = b[:len(b)-rest]
	if !ignoreBOM && len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		b = b[3:]
	}
	if !utf8.Valid(b) {
		if fatal {
			return nil, 0, fmt.Errorf("The encoded data was not valid for encoding utf-8")
		}
		return buffer.ValidUTF8(b), rest, nil
	}
	return string(b), rest, nil
}

// incompleteTail is the length of a UTF-8 sequence cut off at the end of b.
func incompleteTail(b []byte) int {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			need := 2
			switch {
			case c >= 0xf0:
				need = 4
			case c >= 0xe0:
				need = 3
			}
			if need > i {
				return i
			}
			return 0
		}
	}
	return 0
}
