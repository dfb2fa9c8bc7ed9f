package wire

import (
	"errors"
	"fmt"
	"strings"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/binary/token"
	"go.mau.fi/whatsmeow/types"
)

// maxNodeDepth bounds list nesting. Real stanzas nest a handful of levels; the bound keeps the
// recursive decoder on a small stack whatever a client sends.
const maxNodeDepth = 64

var errShortNode = errors.New("unexpected end of node")

// decoder reads binary XML into whatsmeow's Node, value for value as whatsmeow's own decoder does (so
// the server sees the same nodes from every client), but checks what that decoder assumes: every read
// is bounded, tags, keys and JID parts must be strings, nesting is limited. Byte contents alias data.
type decoder struct {
	dict *Dictionary
	data []byte
	pos  int
}

func (d *Dictionary) decode(body []byte) (*waBinary.Node, error) {
	r := &decoder{dict: d, data: body}
	n, err := r.node(0)
	if err == nil && r.pos != len(body) {
		err = fmt.Errorf("%d trailing bytes", len(body)-r.pos)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: dictionary %d, at byte %d: %w", ErrMalformedNode, d.Version, r.pos, err)
	}
	return n, nil
}

func (r *decoder) take(n int) ([]byte, error) {
	if n < 0 || len(r.data)-r.pos < n {
		return nil, errShortNode
	}
	b := r.data[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return b, nil
}

// uint reads an n-byte big-endian number.
func (r *decoder) uint(n int) (int, error) {
	b, err := r.take(n)
	if err != nil {
		return 0, err
	}
	v := 0
	for _, c := range b {
		v = v<<8 | int(c)
	}
	return v, nil
}

func (r *decoder) listSize(tag int) (int, error) {
	switch tag {
	case token.ListEmpty:
		return 0, nil
	case token.List8:
		return r.uint(1)
	case token.List16:
		return r.uint(2)
	}
	return 0, fmt.Errorf("invalid list tag %d", tag)
}

func (r *decoder) node(depth int) (*waBinary.Node, error) {
	if depth >= maxNodeDepth {
		return nil, fmt.Errorf("nesting deeper than %d", maxNodeDepth)
	}
	tag, err := r.uint(1)
	if err != nil {
		return nil, err
	}
	size, err := r.listSize(tag)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, errors.New("node with empty list header")
	}
	n := &waBinary.Node{}
	if n.Tag, err = r.str(depth, "node tag"); err != nil {
		return nil, err
	}
	if n.Tag == "" {
		return nil, errors.New("node with empty tag")
	}
	if attrs := (size - 1) / 2; attrs > 0 {
		n.Attrs = make(waBinary.Attrs, attrs)
		for range attrs {
			key, err := r.str(depth, "attribute key")
			if err != nil {
				return nil, err
			}
			if n.Attrs[key], err = r.value(depth, true); err != nil {
				return nil, err
			}
		}
	}
	if size%2 == 0 {
		if n.Content, err = r.value(depth, false); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// str reads a value that must be a string (tags, keys, JID parts).
func (r *decoder) str(depth int, what string) (string, error) {
	v, err := r.value(depth, true)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s is %T, not a string", what, v)
	}
	return s, nil
}

// value reads one value: nil, a string (token, packed or raw bytes when asString), []byte (raw bytes
// in content), []Node or a types.JID.
func (r *decoder) value(depth int, asString bool) (any, error) {
	tag, err := r.uint(1)
	if err != nil {
		return nil, err
	}
	switch tag {
	case token.ListEmpty:
		return nil, nil
	case token.List8, token.List16:
		return r.list(tag, depth)
	case token.Binary8, token.Binary20, token.Binary32:
		var n int
		switch tag {
		case token.Binary8:
			n, err = r.uint(1)
		case token.Binary20:
			n, err = r.uint(3)
			n &= 0xFFFFF
		default:
			n, err = r.uint(4)
		}
		if err != nil {
			return nil, err
		}
		b, err := r.take(n)
		if err != nil {
			return nil, err
		}
		if asString {
			return string(b), nil
		}
		return b, nil
	case token.Dictionary0, token.Dictionary1, token.Dictionary2, token.Dictionary3:
		i, err := r.uint(1)
		if err != nil {
			return nil, err
		}
		tokens := r.dict.double[tag-token.Dictionary0]
		if i >= len(tokens) {
			return nil, fmt.Errorf("double-byte token %d/%d out of range", tag-token.Dictionary0, i)
		}
		return tokens[i], nil
	case token.JIDPair:
		return r.jidPair(depth)
	case token.ADJID:
		b, err := r.take(2)
		if err != nil {
			return nil, err
		}
		user, err := r.str(depth, "ad-jid user")
		if err != nil {
			return nil, err
		}
		if !r.dict.extendedJIDs && b[0] > types.LIDDomain {
			return nil, fmt.Errorf("ad-jid agent %d does not exist in dictionary %d", b[0], r.dict.Version)
		}
		return types.NewADJID(user, b[0], b[1]), nil
	case token.FBJID, token.InteropJID:
		if !r.dict.extendedJIDs {
			break
		}
		return r.extendedJID(tag, depth)
	case token.Nibble8, token.Hex8:
		return r.packed(tag)
	default:
		if tag >= 1 && tag < len(r.dict.single) {
			return r.dict.single[tag], nil
		}
	}
	return nil, fmt.Errorf("invalid token %d", tag)
}

func (r *decoder) list(tag, depth int) ([]waBinary.Node, error) {
	n, err := r.listSize(tag)
	if err != nil {
		return nil, err
	}
	// Each node takes at least two bytes, so a size beyond what is left cannot be honest; checking
	// first keeps a tiny frame from allocating a large slice.
	if n > (len(r.data)-r.pos)/2 {
		return nil, errShortNode
	}
	nodes := make([]waBinary.Node, n)
	for i := range nodes {
		c, err := r.node(depth + 1)
		if err != nil {
			return nil, err
		}
		nodes[i] = *c
	}
	return nodes, nil
}

func (r *decoder) jidPair(depth int) (types.JID, error) {
	user, err := r.value(depth, true)
	if err != nil {
		return types.JID{}, err
	}
	u, ok := user.(string)
	if user != nil && !ok {
		return types.JID{}, fmt.Errorf("jid user is %T, not a string", user)
	}
	server, err := r.str(depth, "jid server")
	if err != nil {
		return types.JID{}, err
	}
	return types.NewJID(u, server), nil
}

// extendedJID reads FB_JID (user, device, server) and INTEROP_JID (user, device, integrator, server).
func (r *decoder) extendedJID(tag, depth int) (types.JID, error) {
	user, err := r.str(depth, "jid user")
	if err != nil {
		return types.JID{}, err
	}
	jid := types.JID{User: user, Server: types.MessengerServer}
	if jid.Device, err = r.uint16(); err != nil {
		return types.JID{}, err
	}
	if tag == token.InteropJID {
		jid.Server = types.InteropServer
		if jid.Integrator, err = r.uint16(); err != nil {
			return types.JID{}, err
		}
	}
	server, err := r.str(depth, "jid server")
	if err != nil {
		return types.JID{}, err
	}
	if server != jid.Server {
		return types.JID{}, fmt.Errorf("jid of type %d with server %q, want %q", tag, server, jid.Server)
	}
	return jid, nil
}

func (r *decoder) uint16() (uint16, error) {
	v, err := r.uint(2)
	return uint16(v), err
}

// packed reads a NIBBLE_8 or HEX_8 string: a length byte (bit 7: the last half-byte is padding) and
// two characters per byte.
func (r *decoder) packed(tag int) (string, error) {
	start, err := r.uint(1)
	if err != nil {
		return "", err
	}
	b, err := r.take(start & 127)
	if err != nil {
		return "", err
	}
	if start>>7 != 0 && len(b) == 0 {
		return "", errors.New("packed string with odd flag and no bytes")
	}
	unpack := unpackHex
	if tag == token.Nibble8 {
		unpack = unpackNibble
	}
	var s strings.Builder
	s.Grow(2 * len(b))
	for _, c := range b {
		for _, half := range [2]byte{c >> 4, c & 0xF} {
			ch, ok := unpack(half)
			if !ok {
				return "", fmt.Errorf("invalid packed value %d for token %d", half, tag)
			}
			s.WriteByte(ch)
		}
	}
	out := s.String()
	if start>>7 != 0 {
		out = out[:len(out)-1]
	}
	return out, nil
}

// unpackNibble and unpackHex map half-bytes to characters; 15 is the padding, NUL, in both alphabets
// as whatsmeow and Baileys decode them (hex 15 is 'F').
func unpackNibble(v byte) (byte, bool) {
	switch {
	case v < 10:
		return '0' + v, true
	case v == 10:
		return '-', true
	case v == 11:
		return '.', true
	case v == 15:
		return 0, true
	}
	return 0, false
}

func unpackHex(v byte) (byte, bool) {
	if v < 10 {
		return '0' + v, true
	}
	return 'A' + v - 10, true
}
