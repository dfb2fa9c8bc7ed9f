package wire

import (
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow/binary/token"
)

// maxNodeDepth bounds list nesting. Real stanzas nest a handful of levels; the bound keeps both this scanner
// and whatsmeow's recursive decoder on a small stack.
const maxNodeDepth = 64

// valueKind is what a binary-XML value decodes to, as far as the decoder's type assertions care.
type valueKind uint8

const (
	kindNil valueKind = iota
	kindString
	kindList
	kindJID
)

var errShortNode = errors.New("unexpected end of node")

// shapeScanner walks binary XML with the same grammar as waBinary's decoder, without building values, and
// checks the invariants that decoder assumes but does not verify.
type shapeScanner struct {
	data []byte
	pos  int
}

func checkNodeShape(data []byte) error {
	s := &shapeScanner{data: data}
	if err := s.node(0); err != nil {
		return fmt.Errorf("at byte %d: %w", s.pos, err)
	}
	if s.pos != len(data) {
		return fmt.Errorf("%d trailing bytes", len(data)-s.pos)
	}
	return nil
}

func (s *shapeScanner) take(n int) ([]byte, error) {
	if n < 0 || len(s.data)-s.pos < n {
		return nil, errShortNode
	}
	b := s.data[s.pos : s.pos+n]
	s.pos += n
	return b, nil
}

func (s *shapeScanner) uint(n int) (int, error) {
	b, err := s.take(n)
	if err != nil {
		return 0, err
	}
	v := 0
	for _, c := range b {
		v = v<<8 | int(c)
	}
	return v, nil
}

func (s *shapeScanner) listSize(tag int) (int, error) {
	switch tag {
	case token.ListEmpty:
		return 0, nil
	case token.List8:
		return s.uint(1)
	case token.List16:
		return s.uint(2)
	}
	return 0, fmt.Errorf("invalid list tag %d", tag)
}

func (s *shapeScanner) node(depth int) error {
	if depth >= maxNodeDepth {
		return fmt.Errorf("nesting deeper than %d", maxNodeDepth)
	}
	tag, err := s.uint(1)
	if err != nil {
		return err
	}
	size, err := s.listSize(tag)
	if err != nil {
		return err
	}
	if size == 0 {
		return errors.New("node with empty list header")
	}
	if kind, err := s.value(depth); err != nil {
		return err
	} else if kind != kindString {
		return errors.New("node tag is not a string")
	}
	for range (size - 1) / 2 {
		if kind, err := s.value(depth); err != nil {
			return err
		} else if kind != kindString {
			return errors.New("attribute key is not a string")
		}
		if _, err := s.value(depth); err != nil {
			return err
		}
	}
	if size%2 == 0 {
		_, err = s.value(depth)
	}
	return err
}

// value skips one value and reports its kind.
func (s *shapeScanner) value(depth int) (valueKind, error) {
	tag, err := s.uint(1)
	if err != nil {
		return 0, err
	}
	switch tag {
	case token.ListEmpty:
		return kindNil, nil
	case token.List8, token.List16:
		n, err := s.listSize(tag)
		if err != nil {
			return 0, err
		}
		for range n {
			if err := s.node(depth + 1); err != nil {
				return 0, err
			}
		}
		return kindList, nil
	case token.Binary8, token.Binary20, token.Binary32:
		var n int
		switch tag {
		case token.Binary8:
			n, err = s.uint(1)
		case token.Binary20:
			n, err = s.uint(3)
			n &= 0xFFFFF
		default:
			n, err = s.uint(4)
		}
		if err != nil {
			return 0, err
		}
		_, err = s.take(n)
		return kindString, err
	case token.Dictionary0, token.Dictionary1, token.Dictionary2, token.Dictionary3:
		_, err = s.take(1)
		return kindString, err
	case token.JIDPair:
		user, err := s.value(depth)
		if err != nil {
			return 0, err
		}
		if user != kindNil && user != kindString {
			return 0, errors.New("jid user is not a string")
		}
		return kindJID, s.stringValue(depth, "jid server")
	case token.ADJID:
		if _, err := s.take(2); err != nil {
			return 0, err
		}
		return kindJID, s.stringValue(depth, "ad-jid user")
	case token.FBJID, token.InteropJID:
		if err := s.stringValue(depth, "jid user"); err != nil {
			return 0, err
		}
		skip := 2 // device
		if tag == token.InteropJID {
			skip = 4 // device, integrator
		}
		if _, err := s.take(skip); err != nil {
			return 0, err
		}
		return kindJID, s.stringValue(depth, "jid server")
	case token.Nibble8, token.Hex8:
		start, err := s.uint(1)
		if err != nil {
			return 0, err
		}
		if start&127 == 0 && start>>7 != 0 {
			// The decoder would trim a character from an empty string.
			return 0, errors.New("packed string with odd flag and no bytes")
		}
		_, err = s.take(start & 127)
		return kindString, err
	}
	if tag >= 1 && tag < len(token.SingleByteTokens) {
		return kindString, nil
	}
	return 0, fmt.Errorf("invalid token %d", tag)
}

func (s *shapeScanner) stringValue(depth int, what string) error {
	kind, err := s.value(depth)
	if err != nil {
		return err
	}
	if kind != kindString {
		return fmt.Errorf("%s is not a string", what)
	}
	return nil
}
