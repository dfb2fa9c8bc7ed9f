package buffer

import (
	"fmt"

	"github.com/dop251/goja"
)

// WrapOwned returns a Buffer over b without copying; the caller gives up b
// (it must not be touched again outside the bot's loop).
func WrapOwned(vm *goja.Runtime, b []byte) (goja.Value, error) {
	if _, err := exports(vm); err != nil {
		return nil, err
	}
	ctor, ok := goja.AssertConstructor(vm.GlobalObject().GetSymbol(ctorKey))
	if !ok {
		return nil, fmt.Errorf("buffer: the Buffer class is not initialised")
	}
	return ctor(nil, vm.ToValue(vm.NewArrayBuffer(b)))
}

// IsEncoding reports whether name is an encoding Buffer understands.
func IsEncoding(name string) bool {
	_, ok := parseEncoding(name)
	return ok
}

// EncodeString converts a JS string to bytes in the named encoding
// ("" means utf8), as Buffer.from(s, enc) does.
func EncodeString(v goja.Value, enc string) ([]byte, error) {
	e, ok := parseEncoding(enc)
	if !ok {
		return nil, fmt.Errorf("Unknown encoding: %s", enc)
	}
	return encodeValue(v, e), nil
}

// DecodeString renders bytes as a JS string in the named encoding, as
// buf.toString(enc) does.
func DecodeString(vm *goja.Runtime, b []byte, enc string) (goja.Value, error) {
	e, ok := parseEncoding(enc)
	if !ok {
		return nil, fmt.Errorf("Unknown encoding: %s", enc)
	}
	s, units := decodeBytes(b, e)
	if units != nil {
		return vm.ToValue(goja.StringFromUTF16(units)), nil
	}
	return vm.ToValue(s), nil
}
