package protocol

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/store"
)

func bigHistory(messages, size int) events.Event {
	msgs := make(jsval.Array, messages)
	for i := range msgs {
		msgs[i] = jsval.NewObject().Set("key", jsval.NewObject().Set("id", int64(i))).Set("body", strings.Repeat("x", size))
	}
	return events.Event{Name: "messaging-history.set", Payload: jsval.NewObject().
		Set("chats", jsval.Array{jsval.NewObject().Set("id", "a"), jsval.NewObject().Set("id", "b"), jsval.NewObject().Set("id", "c")}).
		Set("contacts", jsval.Array{}).
		Set("messages", msgs).
		Set("isLatest", true).
		Set("progress", int64(40)).
		Set("syncType", int64(2)).
		Set("lidPnMappings", jsval.Array{})}
}

// A history sync too large for one entry is split into sets that together hold every item once,
// each with the set's other fields.
func TestHistorySyncIsSplit(t *testing.T) {
	ev := bigHistory(3000, 1000) // about 3 MB
	entries, err := encodeEntries([]events.Event{ev})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 3 {
		t.Fatalf("%d entries", len(entries))
	}
	var ids []int64
	chats := 0
	for _, b := range entries {
		if len(b) > maxEntryBytes {
			t.Fatalf("entry of %d bytes", len(b))
		}
		evs, err := decodeEvents(b)
		if err != nil || len(evs) != 1 || evs[0].Name != "messaging-history.set" {
			t.Fatalf("part: %v %v", evs, err)
		}
		p := evs[0].Payload
		if field(p, "isLatest") != true || field(p, "progress") != int64(40) || field(p, "syncType") != int64(2) {
			t.Fatalf("part lost its fields: %s", jsval.Stringify(field(p, "progress")))
		}
		for _, m := range field(p, "messages").(jsval.Array) {
			ids = append(ids, field(m, "key", "id").(int64))
		}
		chats += len(field(p, "chats").(jsval.Array))
	}
	if len(ids) != 3000 || chats != 3 {
		t.Fatalf("%d messages and %d chats after splitting", len(ids), chats)
	}
	for i, id := range ids {
		if id != int64(i) {
			t.Fatalf("message %d is %d: order lost", i, id)
		}
	}
}

func TestOversizedEntries(t *testing.T) {
	// One huge item cannot be split; it stays one entry while the queue can take it.
	huge := bigHistory(1, 2<<20)
	huge.Payload.(*jsval.Object).Set("chats", jsval.Array{})
	entries, err := encodeEntries([]events.Event{huge})
	if err != nil || len(entries) != 1 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	other := events.Event{Name: "messages.upsert", Payload: strings.Repeat("y", 2<<20)}
	if entries, err = encodeEntries([]events.Event{other}); err != nil || len(entries) != 1 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	other.Payload = strings.Repeat("y", store.MaxQueuePayloadBytes+1)
	if _, err := encodeEntries([]events.Event{other}); err == nil {
		t.Fatal("an entry beyond the queue's limit was accepted")
	}
}
