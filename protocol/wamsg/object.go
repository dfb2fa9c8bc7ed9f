// Package wamsg converts between whatsmeow's protobufs and the plain objects
// Baileys scripts handle (jsval values): WAMessage, WAMessageKey, message
// content, and the helpers getContentType, normalizeMessageContent and
// extractMessageContent. Conversion is by protobuf reflection, so every
// message type WhatsApp defines is covered.
package wamsg

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/botrt/botrt/protocol/jsval"
)

// ToObject renders a protobuf the way Baileys' protobufjs classes present a
// decoded message to scripts:
//
//   - field names are WAProto's camelCase names (remoteJid, fileSha256, url);
//   - repeated and map fields are always present, empty when unset, and come
//     first (protobufjs constructors create them), in declaration order;
//   - then the fields that are set, in field-number (wire) order; unset
//     singular fields are absent;
//   - bytes are Buffers ([]byte copies), enums their numbers, 64-bit integers
//     numbers (int64/uint64), 32-bit integers int64, floats float64;
//   - map fields become objects keyed by the map key's string form.
//
// A nil message gives nil (JS null).
func ToObject(m proto.Message) *jsval.Object {
	if m == nil {
		return nil
	}
	r := m.ProtoReflect()
	if !r.IsValid() {
		return nil
	}
	return messageObject(r)
}

func messageObject(r protoreflect.Message) *jsval.Object {
	idx := indexOf(r.Descriptor())
	obj := jsval.NewObject()
	for _, fd := range idx.repeated {
		name := idx.names[fd.Number()]
		if fd.IsMap() {
			mo := jsval.NewObject()
			r.Get(fd).Map().Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
				mo.Set(k.String(), scalarOrMessage(fd.MapValue(), v))
				return true
			})
			obj.Set(name, mo)
			continue
		}
		list := r.Get(fd).List()
		arr := make(jsval.Array, list.Len())
		for i := range arr {
			arr[i] = scalarOrMessage(fd, list.Get(i))
		}
		obj.Set(name, arr)
	}
	for _, fd := range idx.singular {
		if !r.Has(fd) {
			continue
		}
		obj.Set(idx.names[fd.Number()], scalarOrMessage(fd, r.Get(fd)))
	}
	return obj
}

func scalarOrMessage(fd protoreflect.FieldDescriptor, v protoreflect.Value) jsval.Value {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return messageObject(v.Message())
	case protoreflect.BoolKind:
		return v.Bool()
	case protoreflect.StringKind:
		return v.String()
	case protoreflect.BytesKind:
		return append([]byte{}, v.Bytes()...)
	case protoreflect.EnumKind:
		return int64(v.Enum())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return v.Int()
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return int64(v.Uint())
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return v.Uint()
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return v.Float()
	}
	return jsval.Undefined // unreachable: the kinds above are all protobuf has
}
