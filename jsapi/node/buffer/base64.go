package buffer

import (
	"encoding/base64"
	"unicode/utf16"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
)

// atob decodes base64 to a "binary string" (one char per byte), throwing
// InvalidCharacterError-style errors like browsers and Node do.
func atob(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	if len(call.Arguments) == 0 {
		jsx.TypeError(vm, "The \"data\" argument must be specified")
	}
	var clean []byte
	for _, u := range units(call.Argument(0)) {
		switch {
		case u == ' ' || u == '\t' || u == '\n' || u == '\f' || u == '\r':
		case u >= 'A' && u <= 'Z', u >= 'a' && u <= 'z', u >= '0' && u <= '9', u == '+', u == '/', u == '=':
			clean = append(clean, byte(u))
		default:
			panic(jsx.Error(vm, "Error", "InvalidCharacterError", "Invalid character"))
		}
	}
	for len(clean)%4 != 0 && (len(clean) == 0 || clean[len(clean)-1] != '=') {
		clean = append(clean, '=')
	}
	out, err := base64.StdEncoding.DecodeString(string(clean))
	if err != nil {
		panic(jsx.Error(vm, "Error", "InvalidCharacterError", "The string to be decoded is not correctly encoded."))
	}
	chars := make([]uint16, len(out))
	for i, b := range out {
		chars[i] = uint16(b)
	}
	return vm.ToValue(goja.StringFromUTF16(chars))
}

// btoa encodes a binary string (every char below 256) to base64.
func btoa(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	if len(call.Arguments) == 0 {
		jsx.TypeError(vm, "The \"data\" argument must be specified")
	}
	us := units(call.Argument(0))
	raw := make([]byte, len(us))
	for i, u := range us {
		if u > 0xff {
			panic(jsx.Error(vm, "Error", "InvalidCharacterError", "Invalid character"))
		}
		raw[i] = byte(u)
	}
	return vm.ToValue(base64.StdEncoding.EncodeToString(raw))
}

func utf16Of(s string) []uint16 { return utf16.Encode([]rune(s)) }
