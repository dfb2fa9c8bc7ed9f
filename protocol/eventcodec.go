package protocol

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
)

// A queue entry holds the Baileys events translated from one whatsmeow event, encoded here so that
// what a bot reads after a restart is exactly what it would have read live: translation happens
// once, on receipt, while the lookups it needs (own JID, LID map, poll secrets) are current.
//
// Layout: version byte, uvarint event count, then per event its name (string) and payload (value).
// A value is a tag byte followed by its data; strings and byte slices are uvarint-length-prefixed.

const eventCodecVersion = 1

const (
	tagNull byte = iota
	tagUndefined
	tagFalse
	tagTrue
	tagString
	tagInt
	tagUint
	tagFloat
	tagBytes
	tagTime
	tagObject
	tagArray
	tagStatusError // *errs.Error: status, message, cause text, data
	tagPlainError  // any other error: its text
)

// maxValueDepth bounds nesting when decoding, so a corrupt entry cannot exhaust the stack.
const maxValueDepth = 128

// encodeEvents encodes a queue entry. Values must be jsval kinds; an io.Reader (only ever
// script input) or any other type is an error naming its path.
func encodeEvents(evs []events.Event) ([]byte, error) {
	buf := []byte{eventCodecVersion}
	buf = binary.AppendUvarint(buf, uint64(len(evs)))
	for _, ev := range evs {
		buf = appendString(buf, ev.Name)
		var err error
		if buf, err = appendValue(buf, ev.Payload, ev.Name); err != nil {
			return nil, err
		}
	}
	return buf, nil
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func appendValue(buf []byte, v jsval.Value, path string) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(buf, tagNull), nil
	case bool:
		if t {
			return append(buf, tagTrue), nil
		}
		return append(buf, tagFalse), nil
	case string:
		return appendString(append(buf, tagString), t), nil
	case int64:
		return binary.AppendVarint(append(buf, tagInt), t), nil
	case uint64:
		return binary.AppendUvarint(append(buf, tagUint), t), nil
	case float64:
		return binary.BigEndian.AppendUint64(append(buf, tagFloat), math.Float64bits(t)), nil
	case []byte:
		buf = binary.AppendUvarint(append(buf, tagBytes), uint64(len(t)))
		return append(buf, t...), nil
	case time.Time:
		return binary.AppendVarint(append(buf, tagTime), t.UnixNano()), nil
	case *jsval.Object:
		buf = binary.AppendUvarint(append(buf, tagObject), uint64(t.Len()))
		var err error
		t.Range(func(k string, child jsval.Value) bool {
			buf = appendString(buf, k)
			buf, err = appendValue(buf, child, path+"."+k)
			return err == nil
		})
		return buf, err
	case jsval.Array:
		buf = binary.AppendUvarint(append(buf, tagArray), uint64(len(t)))
		for i, child := range t {
			var err error
			if buf, err = appendValue(buf, child, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return nil, err
			}
		}
		return buf, nil
	case error:
		var se *errs.Error
		if errors.As(t, &se) {
			buf = binary.AppendVarint(append(buf, tagStatusError), int64(se.Status))
			buf = appendString(buf, se.Message)
			cause := ""
			if se.Err != nil {
				cause = se.Err.Error()
			}
			buf = appendString(buf, cause)
			return appendValue(buf, se.Data, path+".data")
		}
		return appendString(append(buf, tagPlainError), t.Error()), nil
	}
	if jsval.IsUndefined(v) {
		return append(buf, tagUndefined), nil
	}
	if _, ok := v.(io.Reader); ok {
		return nil, fmt.Errorf("protocol: event %s holds a stream, which cannot be queued", path)
	}
	return nil, fmt.Errorf("protocol: event %s holds unsupported Go type %T", path, v)
}

// errCorruptEntry is wrapped by every decoding failure.
var errCorruptEntry = errors.New("protocol: corrupt queue entry")

type valueReader struct {
	buf []byte
	err error
}

func (r *valueReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: bad %s at %d bytes from the end", errCorruptEntry, what, len(r.buf))
	}
}

func (r *valueReader) uvarint(what string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *valueReader) varint(what string) int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *valueReader) raw(what string) []byte {
	n := r.uvarint(what)
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.buf)) {
		r.fail(what)
		return nil
	}
	out := r.buf[:n:n]
	r.buf = r.buf[n:]
	return out
}

func (r *valueReader) str(what string) string { return string(r.raw(what)) }

// count reads a collection length, rejecting one that cannot fit in what is left (each element
// takes at least one byte), so corrupt data cannot make us allocate huge slices.
func (r *valueReader) count(what string) int {
	n := r.uvarint(what)
	if r.err == nil && n > uint64(len(r.buf)) {
		r.fail(what)
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *valueReader) value(depth int) jsval.Value {
	if r.err != nil {
		return nil
	}
	if depth > maxValueDepth {
		r.fail("nesting depth")
		return nil
	}
	if len(r.buf) == 0 {
		r.fail("value tag")
		return nil
	}
	tag := r.buf[0]
	r.buf = r.buf[1:]
	switch tag {
	case tagNull:
		return nil
	case tagUndefined:
		return jsval.Undefined
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagString:
		return r.str("string")
	case tagInt:
		return r.varint("int")
	case tagUint:
		return r.uvarint("uint")
	case tagFloat:
		if len(r.buf) < 8 {
			r.fail("float")
			return nil
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(r.buf))
		r.buf = r.buf[8:]
		return f
	case tagBytes:
		return append([]byte{}, r.raw("bytes")...)
	case tagTime:
		return time.Unix(0, r.varint("time"))
	case tagObject:
		n := r.count("object size")
		obj := jsval.NewObject()
		for range n {
			k := r.str("key")
			obj.Set(k, r.value(depth+1))
		}
		return obj
	case tagArray:
		n := r.count("array size")
		arr := make(jsval.Array, 0, n)
		for range n {
			arr = append(arr, r.value(depth+1))
		}
		return arr
	case tagStatusError:
		e := &errs.Error{Status: int(r.varint("status"))}
		e.Message = r.str("message")
		if cause := r.str("cause"); cause != "" {
			e.Err = errors.New(cause)
		}
		e.Data = r.value(depth + 1)
		return e
	case tagPlainError:
		return errors.New(r.str("error"))
	}
	r.fail(fmt.Sprintf("value tag %d", tag))
	return nil
}

// decodeEvents decodes a queue entry written by encodeEvents.
func decodeEvents(b []byte) ([]events.Event, error) {
	if len(b) == 0 || b[0] != eventCodecVersion {
		return nil, fmt.Errorf("%w: unknown version", errCorruptEntry)
	}
	r := &valueReader{buf: b[1:]}
	n := r.count("event count")
	out := make([]events.Event, 0, n)
	for range n {
		name := r.str("event name")
		out = append(out, events.Event{Name: name, Payload: r.value(0)})
	}
	if r.err == nil && len(r.buf) != 0 {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}
