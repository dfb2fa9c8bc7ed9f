package jsval

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Stringify renders v the way JSON.stringify renders the JS value jsapi makes
// of it (Buffer as {"type":"Buffer","data":[...]}, Date as its ISO string,
// Undefined entries omitted, Undefined array items as null). Tests compare
// payloads with it, and logs use it to show what a script would see.
func Stringify(v Value) string {
	var b strings.Builder
	stringify(&b, v)
	return b.String()
}

func stringify(b *strings.Builder, v Value) {
	switch t := v.(type) {
	case nil, undefinedType:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case string:
		quote(b, t)
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case uint64:
		b.WriteString(strconv.FormatUint(t, 10))
	case float64:
		b.WriteString(formatNumber(t))
	case []byte:
		b.WriteString(`{"type":"Buffer","data":[`)
		for i, c := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(c)))
		}
		b.WriteString("]}")
	case time.Time:
		quote(b, t.UTC().Format("2006-01-02T15:04:05.000Z"))
	case *Object:
		b.WriteByte('{')
		first := true
		t.Range(func(k string, child Value) bool {
			if IsUndefined(child) {
				return true
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			quote(b, k)
			b.WriteByte(':')
			stringify(b, child)
			return true
		})
		b.WriteByte('}')
	case Array:
		b.WriteByte('[')
		for i, child := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			stringify(b, child)
		}
		b.WriteByte(']')
	default:
		// Errors and streams have no enumerable own data in JSON.
		b.WriteString("{}")
	}
}

// quote escapes like JSON.stringify: quotes, backslashes and control
// characters only (no HTML escaping, U+2028/2029 left as they are).
func quote(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// formatNumber follows JS Number#toString for the common ranges: integral
// values print without a fraction, NaN and infinities become null as in JSON.
func formatNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "null"
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if exp[0] == '+' {
			return mant + "e+" + strings.TrimLeft(exp[1:], "0")
		}
		return mant + "e-" + strings.TrimLeft(exp[1:], "0")
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
