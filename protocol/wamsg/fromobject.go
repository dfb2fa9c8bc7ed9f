package wamsg

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// FromObject fills into from a plain object the way protobufjs' fromObject
// does for Baileys' proto.X.fromObject(obj): keys are WAProto field names,
// unknown keys are ignored, null/undefined values skip the field, scalars are
// coerced like JS does (String(x), Number(x), Boolean(x)), 64-bit integers
// may be given as numbers or decimal strings, bytes as Buffers or base64
// strings, enums as numbers or value names. Where protobufjs would store
// garbage (an object for a string field, a non-array for a repeated one, an
// unknown enum name) FromObject returns a 400 *errs.Error naming the field
// path, prefixed with path (e.g. "message").
func FromObject(v jsval.Value, into proto.Message, path string) error {
	obj, ok := v.(*jsval.Object)
	if !ok {
		return badField(path, "object expected, got %s", kindOf(v))
	}
	return fillMessage(obj, into.ProtoReflect(), path)
}

func fillMessage(obj *jsval.Object, r protoreflect.Message, path string) error {
	idx := indexOf(r.Descriptor())
	var err error
	obj.Range(func(key string, v jsval.Value) bool {
		fd, ok := idx.byName[key]
		if !ok || v == nil || jsval.IsUndefined(v) {
			return true
		}
		err = fillField(r, fd, v, join(path, key))
		return err == nil
	})
	return err
}

func fillField(r protoreflect.Message, fd protoreflect.FieldDescriptor, v jsval.Value, path string) error {
	switch {
	case fd.IsMap():
		obj, ok := v.(*jsval.Object)
		if !ok {
			return badField(path, "object expected, got %s", kindOf(v))
		}
		m := r.Mutable(fd).Map()
		var err error
		obj.Range(func(k string, item jsval.Value) bool {
			if item == nil || jsval.IsUndefined(item) {
				return true
			}
			var mk protoreflect.Value
			if mk, err = scalar(fd.MapKey(), k, join(path, k)); err != nil {
				return false
			}
			var mv protoreflect.Value
			if fd.MapValue().Kind() == protoreflect.MessageKind {
				elem := m.NewValue()
				err = fillNested(item, elem.Message(), join(path, k))
				mv = elem
			} else {
				mv, err = scalar(fd.MapValue(), item, join(path, k))
			}
			if err == nil {
				m.Set(mk.MapKey(), mv)
			}
			return err == nil
		})
		return err
	case fd.IsList():
		arr, ok := v.(jsval.Array)
		if !ok {
			return badField(path, "array expected, got %s", kindOf(v))
		}
		list := r.Mutable(fd).List()
		for i, item := range arr {
			ipath := fmt.Sprintf("%s[%d]", path, i)
			if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
				elem := list.NewElement()
				if err := fillNested(item, elem.Message(), ipath); err != nil {
					return err
				}
				list.Append(elem)
				continue
			}
			if item == nil || jsval.IsUndefined(item) {
				continue
			}
			sv, err := scalar(fd, item, ipath)
			if err != nil {
				return err
			}
			list.Append(sv)
		}
		return nil
	case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
		return fillNested(v, r.Mutable(fd).Message(), path)
	default:
		sv, err := scalar(fd, v, path)
		if err != nil {
			return err
		}
		r.Set(fd, sv)
		return nil
	}
}

func fillNested(v jsval.Value, r protoreflect.Message, path string) error {
	obj, ok := v.(*jsval.Object)
	if !ok {
		return badField(path, "object expected, got %s", kindOf(v))
	}
	return fillMessage(obj, r, path)
}

// scalar coerces v to the field's kind with JS conversion rules.
func scalar(fd protoreflect.FieldDescriptor, v jsval.Value, path string) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		s, err := toJSString(v, path)
		return protoreflect.ValueOfString(s), err
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(truthy(v)), nil
	case protoreflect.BytesKind:
		switch t := v.(type) {
		case []byte:
			return protoreflect.ValueOfBytes(append([]byte{}, t...)), nil
		case string:
			b, err := decodeBase64(t)
			if err != nil {
				return protoreflect.Value{}, badField(path, "invalid base64 string")
			}
			return protoreflect.ValueOfBytes(b), nil
		}
		return protoreflect.Value{}, badField(path, "Buffer or base64 string expected, got %s", kindOf(v))
	case protoreflect.EnumKind:
		if s, ok := v.(string); ok {
			ev := fd.Enum().Values().ByName(protoreflect.Name(s))
			if ev == nil {
				if n, err := strconv.ParseInt(s, 10, 32); err == nil {
					return protoreflect.ValueOfEnum(protoreflect.EnumNumber(n)), nil
				}
				return protoreflect.Value{}, badField(path, "unknown %s value %q", fd.Enum().Name(), s)
			}
			return protoreflect.ValueOfEnum(ev.Number()), nil
		}
		n, err := toInt(v, path, math.MinInt32, math.MaxInt32)
		return protoreflect.ValueOfEnum(protoreflect.EnumNumber(n)), err
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := toInt(v, path, math.MinInt32, math.MaxInt32)
		return protoreflect.ValueOfInt32(int32(n)), err
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := toInt(v, path, math.MinInt64, math.MaxInt64)
		return protoreflect.ValueOfInt64(n), err
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := toUint(v, path, math.MaxUint32)
		return protoreflect.ValueOfUint32(uint32(n)), err
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		n, err := toUint(v, path, math.MaxUint64)
		return protoreflect.ValueOfUint64(n), err
	case protoreflect.FloatKind:
		f, err := toFloat(v, path)
		return protoreflect.ValueOfFloat32(float32(f)), err
	case protoreflect.DoubleKind:
		f, err := toFloat(v, path)
		return protoreflect.ValueOfFloat64(f), err
	}
	return protoreflect.Value{}, badField(path, "unsupported field kind %s", fd.Kind())
}

func toJSString(v jsval.Value, path string) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case bool:
		return strconv.FormatBool(t), nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	case uint64:
		return strconv.FormatUint(t, 10), nil
	case float64:
		return jsval.Stringify(t), nil
	}
	return "", badField(path, "string expected, got %s", kindOf(v))
}

func truthy(v jsval.Value) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case string:
		return t != ""
	case int64:
		return t != 0
	case uint64:
		return t != 0
	case float64:
		return t != 0 && !math.IsNaN(t)
	}
	return !jsval.IsUndefined(v)
}

// number reads a JS number (or a numeric string, as protobufjs' Long
// conversion accepts) as an exact integer when possible.
func number(v jsval.Value, path string) (i int64, u uint64, f float64, kind byte, err error) {
	switch t := v.(type) {
	case int64:
		return t, 0, 0, 'i', nil
	case uint64:
		return 0, t, 0, 'u', nil
	case float64:
		return 0, 0, t, 'f', nil
	case bool:
		if t {
			return 1, 0, 0, 'i', nil
		}
		return 0, 0, 0, 'i', nil
	case string:
		s := strings.TrimSpace(t)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, 0, 0, 'i', nil
		}
		if n, err := strconv.ParseUint(s, 10, 64); err == nil {
			return 0, n, 0, 'u', nil
		}
		if fl, err := strconv.ParseFloat(s, 64); err == nil {
			return 0, 0, fl, 'f', nil
		}
		return 0, 0, 0, 0, badField(path, "number expected, got string %q", t)
	}
	return 0, 0, 0, 0, badField(path, "number expected, got %s", kindOf(v))
}

func toInt(v jsval.Value, path string, lo, hi int64) (int64, error) {
	i, u, f, kind, err := number(v, path)
	if err != nil {
		return 0, err
	}
	switch kind {
	case 'u':
		if u > uint64(hi) {
			return 0, badField(path, "%d out of range", u)
		}
		i = int64(u)
	case 'f':
		if math.IsNaN(f) || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
			return 0, badField(path, "integer expected, got %v", f)
		}
		i = int64(f)
	}
	if i < lo || i > hi {
		return 0, badField(path, "%d out of range", i)
	}
	return i, nil
}

func toUint(v jsval.Value, path string, hi uint64) (uint64, error) {
	i, u, f, kind, err := number(v, path)
	if err != nil {
		return 0, err
	}
	switch kind {
	case 'i':
		if i < 0 {
			return 0, badField(path, "%d out of range", i)
		}
		u = uint64(i)
	case 'f':
		if math.IsNaN(f) || f != math.Trunc(f) || f < 0 || f > float64(hi) {
			return 0, badField(path, "non-negative integer expected, got %v", f)
		}
		u = uint64(f)
	}
	if u > hi {
		return 0, badField(path, "%d out of range", u)
	}
	return u, nil
}

func toFloat(v jsval.Value, path string) (float64, error) {
	i, u, f, kind, err := number(v, path)
	switch kind {
	case 'i':
		return float64(i), err
	case 'u':
		return float64(u), err
	}
	return f, err
}

func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("invalid base64")
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// kindOf names a jsval kind in JS terms for error messages.
func kindOf(v jsval.Value) string { return jsval.KindOf(v) }

// badField is the 400 error for malformed input at path.
func badField(path, format string, args ...any) *errs.Error {
	return errs.BadField(path, format, args...)
}
