package wire

import (
	"errors"
	"fmt"
)

const (
	// MaxFrameSize is the largest frame payload the 3-byte length prefix can carry (16 MiB - 1); whatsmeow
	// refuses to send anything larger.
	MaxFrameSize = 1<<24 - 1
	// frameHeaderSize is the big-endian length prefix of every frame.
	frameHeaderSize = 3
	// maxRoutingInfo bounds Baileys' edge-routing blob; real ones are a few dozen bytes.
	maxRoutingInfo = 4096
)

var (
	// ErrFrameTooLarge is returned for a frame whose declared length exceeds the reader's limit.
	ErrFrameTooLarge = errors.New("wire: frame too large")
	// ErrBadIntro is returned when the client's first bytes are not a known connection header.
	ErrBadIntro = errors.New("wire: bad connection header")
	// ErrTruncated is returned when the stream ends inside a header or frame.
	ErrTruncated = errors.New("wire: stream ended inside a frame")
)

// FrameReader splits a client's byte stream into frames. The stream starts with a connection header
// ("WA" 6 dictVersion, optionally preceded by Baileys' "ED" 0 1 len3 routingInfo); after that it is a
// sequence of len3 || payload frames. Frames may be split across or packed into WebSocket messages, so the
// reader buffers: Feed bytes as they arrive and call Next until it reports no complete frame.
type FrameReader struct {
	max        int
	buf        []byte
	off        int // start of unconsumed bytes in buf
	introDone  bool
	intro      []byte
	routing    []byte
	sawRouting bool
}

// NewFrameReader returns a reader that rejects frames longer than max bytes (at most MaxFrameSize).
func NewFrameReader(max int) *FrameReader {
	if max <= 0 || max > MaxFrameSize {
		max = MaxFrameSize
	}
	return &FrameReader{max: max}
}

// Feed appends received bytes.
func (r *FrameReader) Feed(p []byte) {
	if r.off > 0 && r.off == len(r.buf) {
		r.buf, r.off = r.buf[:0], 0
	} else if r.off > len(r.buf)/2 {
		// Compact so a long-lived connection does not keep consumed bytes alive.
		n := copy(r.buf, r.buf[r.off:])
		r.buf, r.off = r.buf[:n], 0
	}
	r.buf = append(r.buf, p...)
}

// Buffered reports how many received bytes are not yet returned as frames.
func (r *FrameReader) Buffered() int { return len(r.buf) - r.off }

// Intro is the 4-byte "WA" header the client sent (nil until parsed). The Noise handshake hashes it.
func (r *FrameReader) Intro() []byte { return r.intro }

// RoutingInfo is the edge-routing blob of a Baileys "ED" prefix, or nil.
func (r *FrameReader) RoutingInfo() []byte { return r.routing }

// Next returns the next complete frame. ok is false when more bytes are needed. The returned slice is only
// valid until the next Feed. An error is final: the stream is malformed.
func (r *FrameReader) Next() (frame []byte, ok bool, err error) {
	if !r.introDone {
		if ok, err := r.parseIntro(); !ok || err != nil {
			return nil, false, err
		}
	}
	rest := r.buf[r.off:]
	if len(rest) < frameHeaderSize {
		return nil, false, nil
	}
	n := int(rest[0])<<16 | int(rest[1])<<8 | int(rest[2])
	if n > r.max {
		return nil, false, fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, n, r.max)
	}
	if len(rest) < frameHeaderSize+n {
		return nil, false, nil
	}
	r.off += frameHeaderSize + n
	return rest[frameHeaderSize : frameHeaderSize+n : frameHeaderSize+n], true, nil
}

// parseIntro consumes the optional ED prefix and the WA header once enough bytes are buffered.
func (r *FrameReader) parseIntro() (bool, error) {
	rest := r.buf[r.off:]
	if !r.sawRouting && len(rest) > 0 && rest[0] == 'E' {
		if len(rest) >= 2 && rest[1] != 'D' {
			return false, fmt.Errorf("%w: % x", ErrBadIntro, rest[:2])
		}
		if len(rest) < 7 {
			return false, nil
		}
		if rest[2] != 0 || rest[3] != 1 {
			return false, fmt.Errorf("%w: unknown ED version %d.%d", ErrBadIntro, rest[2], rest[3])
		}
		n := int(rest[4])<<16 | int(rest[5])<<8 | int(rest[6])
		if n > maxRoutingInfo {
			return false, fmt.Errorf("%w: routing info of %d bytes", ErrBadIntro, n)
		}
		if len(rest) < 7+n {
			return false, nil
		}
		r.routing = append([]byte(nil), rest[7:7+n]...)
		r.sawRouting = true
		r.off += 7 + n
		rest = r.buf[r.off:]
	}
	want := [4]byte{'W', 'A', waMagic, 0}
	for i := 0; i < len(rest) && i < 3; i++ {
		// Reject as soon as a byte cannot start a valid header, without waiting for more.
		if rest[i] != want[i] {
			return false, fmt.Errorf("%w: % x", ErrBadIntro, rest[:i+1])
		}
	}
	if len(rest) < 4 {
		return false, nil
	}
	if DictionaryFor(rest[3]) == nil {
		return false, fmt.Errorf("%w: token dictionary %d is not supported, only %d and %d", ErrBadIntro, rest[3], Dict2.Version, Dict3.Version)
	}
	r.intro = append([]byte(nil), rest[:4]...)
	r.introDone = true
	r.off += 4
	return true, nil
}

// waMagic is the third header byte; the fourth is the token dictionary version (3 in whatsmeow and
// Baileys 7, 2 in Baileys 6.17).
const waMagic = 6

// AppendFrame appends len3 || payload to dst.
func AppendFrame(dst, payload []byte) ([]byte, error) {
	if len(payload) > MaxFrameSize {
		return dst, fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, len(payload), MaxFrameSize)
	}
	n := len(payload)
	dst = append(dst, byte(n>>16), byte(n>>8), byte(n))
	return append(dst, payload...), nil
}
