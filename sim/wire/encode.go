package wire

import (
	"fmt"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/binary/token"
	"go.mau.fi/whatsmeow/types"
)

// encoder writes binary XML the way whatsmeow's encoder does, with a dictionary's tables, and returns
// errors where that encoder panics (unsupported value types, oversized lists).
type encoder struct {
	dict *Dictionary
	buf  []byte
}

func (e *encoder) node(n *waBinary.Node) error {
	if n.Tag == "" {
		return fmt.Errorf("wire: encode node: node without tag")
	}
	attrs := 0
	for _, v := range n.Attrs {
		if !emptyAttr(v) {
			attrs++
		}
	}
	size := 1 + 2*attrs
	if n.Content != nil {
		size++
	}
	if err := e.listStart(size); err != nil {
		return err
	}
	e.string(n.Tag)
	for k, v := range n.Attrs {
		if emptyAttr(v) {
			continue
		}
		e.string(k)
		if err := e.value(v); err != nil {
			return fmt.Errorf("attribute %s of <%s>: %w", k, n.Tag, err)
		}
	}
	if n.Content != nil {
		if err := e.value(n.Content); err != nil {
			return fmt.Errorf("content of <%s>: %w", n.Tag, err)
		}
	}
	return nil
}

// emptyAttr: attributes without a value are left out, as whatsmeow does.
func emptyAttr(v any) bool { return v == nil || v == "" }

func (e *encoder) value(v any) error {
	switch v := v.(type) {
	case nil:
		e.buf = append(e.buf, token.ListEmpty)
	case types.JID:
		e.jid(v)
	case string:
		e.string(v)
	case int:
		e.string(strconv.Itoa(v))
	case int32:
		e.string(strconv.FormatInt(int64(v), 10))
	case int64:
		e.string(strconv.FormatInt(v, 10))
	case uint:
		e.string(strconv.FormatUint(uint64(v), 10))
	case uint32:
		e.string(strconv.FormatUint(uint64(v), 10))
	case uint64:
		e.string(strconv.FormatUint(v, 10))
	case bool:
		e.string(strconv.FormatBool(v))
	case []byte:
		e.bytes(v)
	case []waBinary.Node:
		if err := e.listStart(len(v)); err != nil {
			return err
		}
		for i := range v {
			if err := e.node(&v[i]); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("wire: encode node: unsupported value type %T", v)
	}
	return nil
}

func (e *encoder) listStart(n int) error {
	switch {
	case n == 0:
		e.buf = append(e.buf, token.ListEmpty)
	case n < 256:
		e.buf = append(e.buf, token.List8, byte(n))
	case n < 1<<16:
		e.buf = append(e.buf, token.List16, byte(n>>8), byte(n))
	default:
		return fmt.Errorf("wire: encode node: list of %d entries", n)
	}
	return nil
}

func (e *encoder) string(s string) {
	if i, ok := e.dict.singleIndex[s]; ok {
		e.buf = append(e.buf, i)
	} else if di, ok := e.dict.doubleIndex[s]; ok {
		e.buf = append(e.buf, token.Dictionary0+di[0], di[1])
	} else if packable(s, isNibbleChar) {
		e.packed(s, token.Nibble8, packNibble)
	} else if packable(s, isHexChar) {
		e.packed(s, token.Hex8, packHex)
	} else {
		e.length(len(s))
		e.buf = append(e.buf, s...)
	}
}

func (e *encoder) bytes(b []byte) {
	e.length(len(b))
	e.buf = append(e.buf, b...)
}

// length writes a raw string's type and size. Frames are below 16 MiB, so BINARY_32 is never needed
// for anything that can be sent, but it is the type for anything from 1 MiB up.
func (e *encoder) length(n int) {
	switch {
	case n < 256:
		e.buf = append(e.buf, token.Binary8, byte(n))
	case n < 1<<20:
		e.buf = append(e.buf, token.Binary20, byte(n>>16&0x0F), byte(n>>8), byte(n))
	default:
		e.buf = append(e.buf, token.Binary32, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

func (e *encoder) jid(j types.JID) {
	ad := (j.Server == types.DefaultUserServer || j.Server == types.HiddenUserServer) && j.Device > 0
	hosted := j.Server == types.HostedServer || j.Server == types.HostedLIDServer
	extended := j.Server == types.MessengerServer || j.Server == types.InteropServer
	if !e.dict.extendedJIDs && (hosted || extended) {
		// Version 2 has no type for these; its clients (Baileys 6) hold JIDs as strings anyway.
		e.string(j.String())
		return
	}
	switch {
	case ad || hosted:
		e.buf = append(e.buf, token.ADJID, j.ActualAgent(), byte(j.Device))
		e.string(j.User)
	case j.Server == types.MessengerServer:
		e.buf = append(e.buf, token.FBJID)
		e.string(j.User)
		e.buf = append(e.buf, byte(j.Device>>8), byte(j.Device))
		e.string(j.Server)
	case j.Server == types.InteropServer:
		e.buf = append(e.buf, token.InteropJID)
		e.string(j.User)
		e.buf = append(e.buf, byte(j.Device>>8), byte(j.Device), byte(j.Integrator>>8), byte(j.Integrator))
		e.string(j.Server)
	default:
		e.buf = append(e.buf, token.JIDPair)
		if j.User == "" {
			e.buf = append(e.buf, token.ListEmpty)
		} else {
			e.string(j.User)
		}
		e.string(j.Server)
	}
}

func packable(s string, ok func(byte) bool) bool {
	if len(s) > token.PackedMax {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isNibbleChar(c byte) bool { return c >= '0' && c <= '9' || c == '-' || c == '.' }
func isHexChar(c byte) bool    { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

// packed writes s two characters per byte; an odd length sets bit 7 of the length byte and pads with 15.
func (e *encoder) packed(s string, tag byte, pack func(byte) byte) {
	n := (len(s) + 1) / 2
	if len(s)%2 != 0 {
		n |= 128
	}
	e.buf = append(e.buf, tag, byte(n))
	for i := 0; i+1 < len(s); i += 2 {
		e.buf = append(e.buf, pack(s[i])<<4|pack(s[i+1]))
	}
	if len(s)%2 != 0 {
		e.buf = append(e.buf, pack(s[len(s)-1])<<4|15)
	}
}

func packNibble(c byte) byte {
	switch c {
	case '-':
		return 10
	case '.':
		return 11
	}
	return c - '0'
}

func packHex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return 10 + c - 'A'
}
