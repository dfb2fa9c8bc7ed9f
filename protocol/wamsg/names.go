package wamsg

import (
	"sort"
	"sync"
	"unicode"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// jsName turns a field name of whatsmeow's protobufs into the name the same
// field has in Baileys' WAProto. Both derive from WhatsApp's own schema, but
// whatsmeow spells initialisms in capitals (remoteJID, fileSHA256, URL,
// JPEGThumbnail) where WAProto capitalises only their first letter
// (remoteJid, fileSha256, url, jpegThumbnail). A run of capitals is therefore
// lowered except its first letter, the last capital of a run that starts a new
// word stays upper, and a leading run is lowered entirely.
func jsName(fd protoreflect.FieldDescriptor) string {
	if n, ok := nameExceptions[string(fd.ContainingMessage().Name())+"."+string(fd.Name())]; ok {
		return n
	}
	return camel(string(fd.Name()))
}

// nameExceptions are the fields whose WAProto spelling does not follow the
// rule (checked against WAProto.proto of Baileys 7 field by field: these are
// the only differences among the ~2000 fields both schemas share).
var nameExceptions = map[string]string{
	"BotSourceItem.thumbnailCDNURL":          "thumbnailCdnUrl",
	"BotSourceItem.faviconCDNURL":            "faviconCdnUrl",
	"BotPluginMetadata.thumbnailCDNURL":      "thumbnailCdnUrl",
	"BotPluginMetadata.profilePhotoCDNURL":   "profilePhotoCdnUrl",
	"BotPluginMetadata.faviconCDNURL":        "faviconCdnUrl",
	"ExtendedTextMessage.faviconMMSMetadata": "faviconMMSMetadata",
	"ChatAssignmentAction.deviceAgentID":     "deviceAgentID",
	"AgentAction.deviceID":                   "deviceID",
}

// camel applies the initialism rule of jsName to one name.
func camel(name string) string {
	r := []rune(name)
	out := make([]rune, len(r))
	for i := 0; i < len(r); {
		if !unicode.IsUpper(r[i]) {
			out[i] = r[i]
			i++
			continue
		}
		j := i
		for j < len(r) && unicode.IsUpper(r[j]) {
			j++
		}
		// r[i:j] is a run of capitals. If a lowercase letter follows, the
		// run's last capital begins the next word.
		// A plural "s" after an initialism (keyIDs, imageURLs) belongs to it.
		end := j
		plural := j < len(r) && r[j] == 's' && (j+1 == len(r) || !unicode.IsLower(r[j+1]))
		if j < len(r) && unicode.IsLower(r[j]) && j-i > 1 && !plural {
			end = j - 1
		}
		for k := i; k < end; k++ {
			if k == i && i > 0 {
				out[k] = r[k]
			} else {
				out[k] = unicode.ToLower(r[k])
			}
		}
		for k := end; k < j; k++ {
			out[k] = r[k]
		}
		if end == i { // a single capital starting a word
			out[i] = r[i]
			if i == 0 {
				out[i] = unicode.ToLower(r[i])
			}
		}
		i = j
	}
	return string(out)
}

// fieldIndex caches, per message type, the fields under their Baileys names.
type fieldIndex struct {
	byName map[string]protoreflect.FieldDescriptor
	// singular fields in field-number order, repeated and map fields in
	// declaration order (protobufjs constructors create those first).
	repeated []protoreflect.FieldDescriptor
	singular []protoreflect.FieldDescriptor
	names    map[protoreflect.FieldNumber]string
}

var indexCache sync.Map // protoreflect.FullName -> *fieldIndex

func indexOf(md protoreflect.MessageDescriptor) *fieldIndex {
	if v, ok := indexCache.Load(md.FullName()); ok {
		return v.(*fieldIndex)
	}
	fields := md.Fields()
	idx := &fieldIndex{
		byName: make(map[string]protoreflect.FieldDescriptor, fields.Len()),
		names:  make(map[protoreflect.FieldNumber]string, fields.Len()),
	}
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		name := jsName(fd)
		idx.byName[name] = fd
		idx.names[fd.Number()] = name
		if fd.IsList() || fd.IsMap() {
			idx.repeated = append(idx.repeated, fd)
		}
	}
	for i := 0; i < fields.Len(); i++ {
		if fd := fields.Get(i); !fd.IsList() && !fd.IsMap() {
			idx.singular = append(idx.singular, fd)
		}
	}
	sort.Slice(idx.singular, func(a, b int) bool { return idx.singular[a].Number() < idx.singular[b].Number() })
	v, _ := indexCache.LoadOrStore(md.FullName(), idx)
	return v.(*fieldIndex)
}

// FieldName returns the Baileys name of a field of a whatsmeow protobuf.
func FieldName(fd protoreflect.FieldDescriptor) string {
	return indexOf(fd.ContainingMessage()).names[fd.Number()]
}
