package protocol

import (
	"fmt"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/store"
)

// maxEntryBytes is the largest queue entry the session writes. A history sync from a phone with a
// long history translates to a messaging-history.set of many megabytes; it is split into several
// sets (Baileys too delivers history in chunks, so scripts handle any number of them) so that no
// single entry stalls a bot's loop while it is converted to JS.
const maxEntryBytes = 1 << 20

// historyArrays are the messaging-history.set fields that are split between parts; every other
// field (syncType, progress, isLatest, chunkOrder) is copied into each part.
var historyArrays = []string{"chats", "contacts", "messages", "lidPnMappings"}

// encodeEntries encodes evs as one queue entry, or, when that is too large and evs is a single
// messaging-history.set, as several entries of one part each. Anything else that is too large
// stays one entry up to the queue's hard limit (store.MaxQueuePayloadBytes), beyond which it is an
// error.
func encodeEntries(evs []events.Event) ([][]byte, error) {
	b, err := encodeEvents(evs)
	if err != nil {
		return nil, err
	}
	if len(b) <= maxEntryBytes {
		return [][]byte{b}, nil
	}
	var first, second *jsval.Object
	ok := len(evs) == 1 && evs[0].Name == "messaging-history.set"
	if ok {
		first, second, ok = halveHistory(evs[0].Payload)
	}
	if !ok {
		if len(b) > store.MaxQueuePayloadBytes {
			return nil, fmt.Errorf("protocol: %d events of %d bytes exceed the %d-byte queue entry", len(evs), len(b), store.MaxQueuePayloadBytes)
		}
		return [][]byte{b}, nil
	}
	var out [][]byte
	for _, half := range []jsval.Value{first, second} {
		parts, err := encodeEntries([]events.Event{{Name: evs[0].Name, Payload: half}})
		if err != nil {
			return nil, err
		}
		out = append(out, parts...)
	}
	return out, nil
}

// halveHistory splits each array field of a messaging-history.set payload in two; ok is false if
// no array has more than one item.
func halveHistory(v jsval.Value) (first, second *jsval.Object, ok bool) {
	obj, isObj := v.(*jsval.Object)
	if !isObj {
		return nil, nil, false
	}
	first, second = jsval.NewObject(), jsval.NewObject()
	split := map[string][2]jsval.Array{}
	for _, name := range historyArrays {
		arr, _ := obj.Get(name)
		items, _ := arr.(jsval.Array)
		if len(items) > 1 {
			ok = true
		}
		half := len(items) / 2
		split[name] = [2]jsval.Array{items[:half:half], items[half:]}
	}
	obj.Range(func(key string, val jsval.Value) bool {
		if halves, isArray := split[key]; isArray {
			first.Set(key, halves[0])
			second.Set(key, halves[1])
		} else {
			first.Set(key, val)
			second.Set(key, val)
		}
		return true
	})
	return first, second, ok
}
