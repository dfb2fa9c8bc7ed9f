package buffer

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// encoding is one of the string encodings Node's Buffer understands.
type encoding int

const (
	encUTF8 encoding = iota
	encHex
	encBase64
	encBase64URL
	encLatin1
	encASCII
	encUTF16LE
)

// parseEncoding maps Node's encoding names (case-insensitive, with aliases)
// to an encoding; an empty name means utf8.
func parseEncoding(name string) (encoding, bool) {
	switch strings.ToLower(name) {
	case "", "utf8", "utf-8":
		return encUTF8, true
	case "hex":
		return encHex, true
	case "base64":
		return encBase64, true
	case "base64url":
		return encBase64URL, true
	case "latin1", "binary":
		return encLatin1, true
	case "ascii":
		return encASCII, true
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return encUTF16LE, true
	}
	return 0, false
}

// encodeString turns a JS string (as UTF-16 code units) into bytes.
func encodeString(units []uint16, enc encoding) []byte {
	switch enc {
	case encHex:
		return decodeHex(units)
	case encBase64, encBase64URL:
		return decodeBase64(units)
	case encLatin1, encASCII:
		out := make([]byte, len(units))
		for i, u := range units {
			out[i] = byte(u)
		}
		return out
	case encUTF16LE:
		out := make([]byte, 2*len(units))
		for i, u := range units {
			out[2*i], out[2*i+1] = byte(u), byte(u>>8)
		}
		return out
	}
	return encodeUTF8(units)
}

// encodeUTF8 writes UTF-16 as UTF-8, lone surrogates as U+FFFD like Node.
func encodeUTF8(units []uint16) []byte {
	out := make([]byte, 0, len(units))
	for i := 0; i < len(units); i++ {
		r := rune(units[i])
		if utf16.IsSurrogate(r) {
			if r < 0xdc00 && i+1 < len(units) {
				if r2 := utf16.DecodeRune(r, rune(units[i+1])); r2 != utf8.RuneError {
					out = utf8.AppendRune(out, r2)
					i++
					continue
				}
			}
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// decodeHex reads hex pairs up to the first invalid one, as Node does.
func decodeHex(units []uint16) []byte {
	out := make([]byte, 0, len(units)/2)
	for i := 0; i+1 < len(units); i += 2 {
		hi, ok1 := hexVal(units[i])
		lo, ok2 := hexVal(units[i+1])
		if !ok1 || !ok2 {
			break
		}
		out = append(out, hi<<4|lo)
	}
	return out
}

func hexVal(u uint16) (byte, bool) {
	switch {
	case u >= '0' && u <= '9':
		return byte(u - '0'), true
	case u >= 'a' && u <= 'f':
		return byte(u - 'a' + 10), true
	case u >= 'A' && u <= 'F':
		return byte(u - 'A' + 10), true
	}
	return 0, false
}

// decodeBase64 is Node's lenient decoder: both alphabets, padding optional,
// whitespace and other characters skipped, stopping at the first '='.
func decodeBase64(units []uint16) []byte {
	clean := make([]byte, 0, len(units))
	for _, u := range units {
		switch {
		case u == '=':
			goto done
		case u >= 'A' && u <= 'Z', u >= 'a' && u <= 'z', u >= '0' && u <= '9', u == '+', u == '/':
			clean = append(clean, byte(u))
		case u == '-':
			clean = append(clean, '+')
		case u == '_':
			clean = append(clean, '/')
		}
	}
done:
	if len(clean)%4 == 1 { // a lone trailing sextet carries no whole byte
		clean = clean[:len(clean)-1]
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	// The alphabet is filtered and Strict is off (non-zero trailing bits are
	// accepted, as in Node), so decoding cannot fail.
	n, _ := base64.RawStdEncoding.Decode(out, clean)
	return out[:n]
}

// decodeBytes turns bytes into a JS string (as UTF-16 code units or, for the
// common UTF-8 case, a Go string).
func decodeBytes(b []byte, enc encoding) (s string, units []uint16) {
	switch enc {
	case encHex:
		return hex.EncodeToString(b), nil
	case encBase64:
		return base64.StdEncoding.EncodeToString(b), nil
	case encBase64URL:
		return base64.RawURLEncoding.EncodeToString(b), nil
	case encLatin1, encASCII:
		units = make([]uint16, len(b))
		for i, c := range b {
			if enc == encASCII {
				c &= 0x7f
			}
			units[i] = uint16(c)
		}
		return "", units
	case encUTF16LE:
		units = make([]uint16, len(b)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return "", units
	}
	return ValidUTF8(b), nil
}

// byteLength is the encoded size of a string without building it.
func byteLength(units []uint16, enc encoding) int {
	switch enc {
	case encLatin1, encASCII:
		return len(units)
	case encUTF16LE:
		return 2 * len(units)
	case encHex:
		return len(units) / 2
	}
	return len(encodeString(units, enc))
}
