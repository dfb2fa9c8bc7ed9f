package content

import (
	"math"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// fields reads typed values out of a script-supplied object, naming the
// offending path in every error.
type fields struct {
	obj  *jsval.Object
	path string
}

func objectAt(v jsval.Value, path string) (fields, error) {
	obj, ok := v.(*jsval.Object)
	if !ok {
		return fields{}, errs.BadField(path, "object expected, got %s", jsval.KindOf(v))
	}
	return fields{obj, path}, nil
}

func (f fields) at(key string) string { return f.path + "." + key }

// has reports a key that is set to something other than null/undefined, as
// Baileys' hasNonNullishProperty does.
func (f fields) has(key string) bool {
	v, ok := f.obj.Get(key)
	return ok && v != nil
}

func (f fields) get(key string) jsval.Value {
	v, _ := f.obj.Get(key)
	return v
}

func (f fields) str(key string, required bool) (string, error) {
	v := f.get(key)
	if v == nil {
		if required {
			return "", errs.BadField(f.at(key), "required")
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", errs.BadField(f.at(key), "string expected, got %s", jsval.KindOf(v))
	}
	return s, nil
}

// truthy is JS truthiness of an optional flag.
func (f fields) truthy(key string) bool {
	switch v := f.get(key).(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case int64:
		return v != 0
	case uint64:
		return v != 0
	case float64:
		return v != 0 && !math.IsNaN(v)
	}
	return true
}

// integer reads an optional whole number; ok is false when absent.
func (f fields) integer(key string) (n int64, ok bool, err error) {
	switch v := f.get(key).(type) {
	case nil:
		return 0, false, nil
	case int64:
		return v, true, nil
	case uint64:
		if v > math.MaxInt64 {
			return 0, false, errs.BadField(f.at(key), "%d out of range", v)
		}
		return int64(v), true, nil
	case float64:
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, false, errs.BadField(f.at(key), "integer expected, got %v", v)
		}
		return int64(v), true, nil
	default:
		return 0, false, errs.BadField(f.at(key), "number expected, got %s", jsval.KindOf(v))
	}
}

func (f fields) object(key string) (fields, error) { return objectAt(f.get(key), f.at(key)) }

func (f fields) strings(key string) ([]string, error) {
	v := f.get(key)
	if v == nil {
		return nil, nil
	}
	arr, ok := v.(jsval.Array)
	if !ok {
		return nil, errs.BadField(f.at(key), "array expected, got %s", jsval.KindOf(v))
	}
	out := make([]string, len(arr))
	for i, item := range arr {
		s, ok := item.(string)
		if !ok {
			return nil, errs.BadField(f.at(key)+"["+itoa(i)+"]", "string expected, got %s", jsval.KindOf(item))
		}
		out[i] = s
	}
	return out, nil
}

func itoa(i int) string { return jsval.Stringify(int64(i)) }
