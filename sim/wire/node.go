package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"

	waBinary "go.mau.fi/whatsmeow/binary"
)

// ErrMalformedNode is returned for decrypted frames that are not a valid binary-XML node.
var ErrMalformedNode = errors.New("wire: malformed node")

// maxInflated bounds what a zlib-flagged frame may expand to, so a small compressed frame cannot exhaust
// memory.
const maxInflated = MaxFrameSize

// EncodeNode renders n as a frame plaintext: the flags byte (0, uncompressed) followed by the binary node.
func EncodeNode(n *waBinary.Node) ([]byte, error) {
	if n == nil || n.Tag == "" {
		return nil, fmt.Errorf("wire: encode node: node without tag")
	}
	// waBinary.Marshal already emits the leading flags byte.
	return waBinary.Marshal(*n)
}

// DecodeNode parses a frame plaintext (flags byte, then a binary node, zlib-deflated when flag bit 2 is set).
// Malformed input gives an error wrapping ErrMalformedNode, never a panic or unbounded work.
func DecodeNode(plaintext []byte) (*waBinary.Node, error) {
	if len(plaintext) == 0 {
		return nil, fmt.Errorf("%w: empty frame", ErrMalformedNode)
	}
	flags, body := plaintext[0], plaintext[1:]
	if flags&2 != 0 {
		var err error
		if body, err = inflate(body); err != nil {
			return nil, err
		}
	}
	// whatsmeow's decoder recurses per nesting level and type-asserts some values; checkNodeShape rejects
	// what would make it panic or recurse without bound before the decoder sees the bytes.
	if err := checkNodeShape(body); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedNode, err)
	}
	return unmarshalGuarded(body)
}

func inflate(data []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %w", ErrMalformedNode, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxInflated+1))
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %w", ErrMalformedNode, err)
	}
	if len(out) > maxInflated {
		return nil, fmt.Errorf("%w: inflates beyond %d bytes", ErrMalformedNode, maxInflated)
	}
	return out, nil
}

// unmarshalGuarded is the last line of defence around third-party decoding: should checkNodeShape ever miss
// a case, the connection gets an error instead of taking the server down.
func unmarshalGuarded(body []byte) (n *waBinary.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("%w: decoder panic: %v", ErrMalformedNode, r)
		}
	}()
	n, err = waBinary.Unmarshal(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedNode, err)
	}
	return n, nil
}
