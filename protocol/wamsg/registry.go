package wamsg

import (
	"strings"
	"sync"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	// The schemas Baileys' proto namespace covers; imported so that their
	// descriptors are registered.
	_ "go.mau.fi/whatsmeow/proto/waCommon"
	_ "go.mau.fi/whatsmeow/proto/waE2E"
	_ "go.mau.fi/whatsmeow/proto/waHistorySync"
	_ "go.mau.fi/whatsmeow/proto/waSyncAction"
	_ "go.mau.fi/whatsmeow/proto/waWeb"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// packagePreference orders whatsmeow's proto packages for names several of
// them define: the message schema first, as Baileys' single WAProto
// namespace is mostly the message schema.
var packagePreference = []string{
	"WAWebProtobufsE2E", "WAWebProtobufsWeb", "WACommon", "WAWebProtobufsHistorySync", "WAWebProtobufSyncAction",
}

type registry struct {
	byName map[string]protoreflect.Descriptor // relative name ("ProtocolMessage.Type") → descriptor
}

var (
	regOnce sync.Once
	reg     registry
)

func buildRegistry() {
	reg.byName = make(map[string]protoreflect.Descriptor)
	rank := func(pkg string) int {
		for i, p := range packagePreference {
			if p == pkg {
				return i
			}
		}
		return len(packagePreference)
	}
	add := func(pkg string, d protoreflect.Descriptor) {
		name := strings.TrimPrefix(string(d.FullName()), pkg+".")
		if old, ok := reg.byName[name]; ok && rank(string(old.ParentFile().Package())) <= rank(pkg) {
			return
		}
		reg.byName[name] = d
	}
	var walk func(pkg string, ms protoreflect.MessageDescriptors)
	walk = func(pkg string, ms protoreflect.MessageDescriptors) {
		for i := 0; i < ms.Len(); i++ {
			md := ms.Get(i)
			if md.IsMapEntry() {
				continue
			}
			add(pkg, md)
			for j := 0; j < md.Enums().Len(); j++ {
				add(pkg, md.Enums().Get(j))
			}
			walk(pkg, md.Messages())
		}
	}
	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		pkg := string(fd.Package())
		if !strings.HasPrefix(pkg, "WA") {
			return true
		}
		walk(pkg, fd.Messages())
		for j := 0; j < fd.Enums().Len(); j++ {
			add(pkg, fd.Enums().Get(j))
		}
		return true
	})
}

// lookup resolves a name in Baileys' proto namespace. WAProto nests message
// content types under Message (proto.Message.ImageMessage) where whatsmeow
// declares them at top level, so leading "Message." segments are dropped
// until a name matches.
func lookup(name string) protoreflect.Descriptor {
	regOnce.Do(buildRegistry)
	name = strings.TrimPrefix(name, "proto.")
	for {
		if d, ok := reg.byName[name]; ok {
			return d
		}
		rest, ok := strings.CutPrefix(name, "Message.")
		if !ok {
			return nil
		}
		name = rest
	}
}

// MessageType returns the protobuf message type Baileys calls proto.<name>
// ("Message", "Message.ImageMessage", "WebMessageInfo", "MessageKey",
// "HistorySync", ...), for proto.X.create/fromObject/encode/decode.
func MessageType(name string) (protoreflect.MessageType, bool) {
	md, ok := lookup(name).(protoreflect.MessageDescriptor)
	if !ok {
		return nil, false
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	return mt, err == nil
}

// EnumValue is one value of a protobuf enum.
type EnumValue struct {
	Name   string
	Number int32
}

// Enum returns the values, in declaration order, of the enum Baileys calls
// proto.<name> ("WebMessageInfo.Status", "WebMessageInfo.StubType",
// "Message.ProtocolMessage.Type", ...); jsapi builds the two-way JS enum
// object (name → number, number → name) from it.
func Enum(name string) ([]EnumValue, bool) {
	ed, ok := lookup(name).(protoreflect.EnumDescriptor)
	if !ok {
		return nil, false
	}
	vals := ed.Values()
	out := make([]EnumValue, vals.Len())
	for i := range out {
		v := vals.Get(i)
		out[i] = EnumValue{Name: string(v.Name()), Number: int32(v.Number())}
	}
	return out, true
}

// FromObjectNamed is proto.<name>.fromObject(obj): a new message of the named
// type filled from obj. An unknown name is a 400 error naming it.
func FromObjectNamed(name string, obj jsval.Value) (proto.Message, error) {
	mt, ok := MessageType(name)
	if !ok {
		return nil, errs.BadField("proto."+name, "unknown message type")
	}
	m := mt.New().Interface()
	if err := FromObject(obj, m, name); err != nil {
		return nil, err
	}
	return m, nil
}

// Encode is proto.<name>.encode(obj).finish(): the wire bytes of obj as the
// named type.
func Encode(name string, obj jsval.Value) ([]byte, error) {
	m, err := FromObjectNamed(name, obj)
	if err != nil {
		return nil, err
	}
	b, err := proto.Marshal(m)
	if err != nil {
		return nil, errs.Wrap(400, "proto."+name+".encode", err)
	}
	return b, nil
}

// Decode is proto.<name>.decode(bytes) rendered as a plain object; bytes that
// are not a valid message of that type are a 400 error.
func Decode(name string, data []byte) (*jsval.Object, error) {
	mt, ok := MessageType(name)
	if !ok {
		return nil, errs.BadField("proto."+name, "unknown message type")
	}
	m := mt.New().Interface()
	if err := proto.Unmarshal(data, m); err != nil {
		return nil, errs.Wrap(400, "proto."+name+".decode", err)
	}
	return ToObject(m), nil
}
