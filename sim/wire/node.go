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

// EncodeNode renders n with dictionary 3 (whatsmeow's); see Dictionary.EncodeNode.
func EncodeNode(n *waBinary.Node) ([]byte, error) { return Dict3.EncodeNode(n) }

// DecodeNode parses a frame plaintext written with dictionary 3; see Dictionary.DecodeNode.
func DecodeNode(plaintext []byte) (*waBinary.Node, error) { return Dict3.DecodeNode(plaintext) }

// EncodeNode renders n as a frame plaintext: the flags byte (0, uncompressed) followed by the binary node.
func (d *Dictionary) EncodeNode(n *waBinary.Node) ([]byte, error) {
	if n == nil {
		return nil, fmt.Errorf("wire: encode node: nil node")
	}
	e := encoder{dict: d, buf: make([]byte, 1, 128)}
	if err := e.node(n); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// DecodeNode parses a frame plaintext (flags byte, then a binary node, zlib-deflated when flag bit 2 is
// set). Malformed input gives an error wrapping ErrMalformedNode, never a panic or unbounded work.
// Byte contents of the node share memory with plaintext.
func (d *Dictionary) DecodeNode(plaintext []byte) (*waBinary.Node, error) {
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
	return d.decode(body)
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
