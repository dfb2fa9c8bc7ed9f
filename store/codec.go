package store

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// recordVersion leads every value this package encodes, so a later layout can be told apart.
const recordVersion = 1

// errCorrupt is wrapped by every decoding failure: a value that does not parse is reported, never
// silently read as empty.
var errCorrupt = errors.New("store: corrupt record")

// recordWriter builds a value as a version byte followed by fields, each variable-length field
// prefixed by its uvarint length.
type recordWriter struct{ buf []byte }

func newRecord(sizeHint int) *recordWriter {
	w := &recordWriter{buf: make([]byte, 0, sizeHint+1)}
	w.buf = append(w.buf, recordVersion)
	return w
}

func (w *recordWriter) bytes(b []byte) *recordWriter {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(b)))
	w.buf = append(w.buf, b...)
	return w
}

// optBytes records nil apart from empty (the SQL store keeps NULL apart from an empty blob).
func (w *recordWriter) optBytes(b []byte) *recordWriter {
	if b == nil {
		return w.bool(false)
	}
	return w.bool(true).bytes(b)
}

func (w *recordWriter) str(s string) *recordWriter {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
	return w
}

func (w *recordWriter) int(v int64) *recordWriter {
	w.buf = binary.AppendVarint(w.buf, v)
	return w
}

func (w *recordWriter) bool(b bool) *recordWriter {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
	return w
}

func (w *recordWriter) done() []byte { return w.buf }

// recordReader reads what recordWriter wrote; the first failure sticks and is reported by err().
type recordReader struct {
	buf  []byte
	name string // the kind of record, for error messages
	fail error
}

func readRecord(what string, b []byte) *recordReader {
	r := &recordReader{buf: b, name: what}
	if len(b) == 0 || b[0] != recordVersion {
		r.fail = fmt.Errorf("%w: %s: unknown record version", errCorrupt, what)
		return r
	}
	r.buf = b[1:]
	return r
}

func (r *recordReader) setFail(field string) {
	if r.fail == nil {
		r.fail = fmt.Errorf("%w: %s: truncated or malformed field %s", errCorrupt, r.name, field)
	}
}

func (r *recordReader) bytes(field string) []byte {
	if r.fail != nil {
		return nil
	}
	n, k := binary.Uvarint(r.buf)
	if k <= 0 || uint64(len(r.buf)-k) < n {
		r.setFail(field)
		return nil
	}
	out := make([]byte, n)
	copy(out, r.buf[k:k+int(n)])
	r.buf = r.buf[k+int(n):]
	return out
}

func (r *recordReader) optBytes(field string) []byte {
	if !r.bool(field) {
		return nil
	}
	return r.bytes(field)
}

func (r *recordReader) str(field string) string { return string(r.bytes(field)) }

func (r *recordReader) int(field string) int64 {
	if r.fail != nil {
		return 0
	}
	v, k := binary.Varint(r.buf)
	if k <= 0 {
		r.setFail(field)
		return 0
	}
	r.buf = r.buf[k:]
	return v
}

func (r *recordReader) bool(field string) bool {
	if r.fail != nil {
		return false
	}
	if len(r.buf) == 0 || r.buf[0] > 1 {
		r.setFail(field)
		return false
	}
	v := r.buf[0] == 1
	r.buf = r.buf[1:]
	return v
}

func (r *recordReader) err() error { return r.fail }
