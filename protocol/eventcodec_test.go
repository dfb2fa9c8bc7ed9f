package protocol

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
)

func sampleEvents() []events.Event {
	at := time.Date(2026, 11, 27, 7, 0, 0, 123_000_000, time.UTC)
	key := jsval.NewObject().Set("remoteJid", "1555@s.whatsapp.net").Set("fromMe", false).Set("id", "3EB0AA")
	msg := jsval.NewObject().Set("key", key).Set("messageTimestamp", int64(1_764_226_800)).
		Set("pushName", "Ann ✓").Set("skip", jsval.Undefined).
		Set("message", jsval.NewObject().Set("imageMessage", jsval.NewObject().
			Set("mediaKey", []byte{0, 1, 2, 255}).Set("fileLength", uint64(math.MaxUint64)).
			Set("seconds", float64(1.5)).Set("height", int64(-7)).Set("empty", []byte{})))
	return []events.Event{
		{Name: "messages.upsert", Payload: jsval.NewObject().Set("messages", jsval.Array{msg, nil, jsval.Undefined}).Set("type", "notify")},
		{Name: "connection.update", Payload: jsval.NewObject().Set("connection", "close").
			Set("lastDisconnect", jsval.NewObject().
				Set("error", errs.Wrap(440, "Stream Errored (conflict)", errors.New("replaced")).WithData(jsval.NewObject().Set("reason", "440"))).
				Set("date", at))},
		{Name: "x", Payload: errors.New("plain")},
		{Name: "empty", Payload: jsval.NewObject()},
	}
}

func TestEventCodecRoundTrip(t *testing.T) {
	in := sampleEvents()
	b, err := encodeEvents(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decodeEvents(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d events back, want %d", len(out), len(in))
	}
	for i := range in {
		if out[i].Name != in[i].Name || jsval.Stringify(out[i].Payload) != jsval.Stringify(in[i].Payload) {
			t.Errorf("event %d:\n got %s %s\nwant %s %s", i, out[i].Name, jsval.Stringify(out[i].Payload), in[i].Name, jsval.Stringify(in[i].Payload))
		}
	}
	// Kinds survive, not just their JSON rendering: numbers keep their Go type, keys their order
	// (Undefined entries included), errors their status, message, cause and data.
	m, _ := out[0].Payload.(*jsval.Object).Get("messages")
	first := m.(jsval.Array)[0].(*jsval.Object)
	if got := first.Keys(); !reflect.DeepEqual(got, []string{"key", "messageTimestamp", "pushName", "skip", "message"}) {
		t.Fatalf("key order %v", got)
	}
	if v, _ := first.Get("messageTimestamp"); v != int64(1_764_226_800) {
		t.Fatalf("timestamp %T %v", v, v)
	}
	if !jsval.IsUndefined(m.(jsval.Array)[2]) {
		t.Fatal("undefined array item lost")
	}
	img, _ := first.Get("message")
	img, _ = img.(*jsval.Object).Get("imageMessage")
	if v, _ := img.(*jsval.Object).Get("fileLength"); v != uint64(math.MaxUint64) {
		t.Fatalf("uint64 %T %v", v, v)
	}
	if v, _ := img.(*jsval.Object).Get("mediaKey"); !bytes.Equal(v.([]byte), []byte{0, 1, 2, 255}) {
		t.Fatal("bytes lost")
	}
	ld, _ := out[1].Payload.(*jsval.Object).Get("lastDisconnect")
	ev, _ := ld.(*jsval.Object).Get("error")
	var se *errs.Error
	if !errors.As(ev.(error), &se) || se.Status != 440 || se.Message != "Stream Errored (conflict)" ||
		se.Error() != "Stream Errored (conflict): replaced" || jsval.Stringify(se.Data) != `{"reason":"440"}` {
		t.Fatalf("status error came back as %#v", ev)
	}
	date, _ := ld.(*jsval.Object).Get("date")
	if want := time.Date(2026, 11, 27, 7, 0, 0, 123_000_000, time.UTC); !date.(time.Time).Equal(want) {
		t.Fatalf("date %v want %v", date, want)
	}
	if pe, ok := out[2].Payload.(error); !ok || pe.Error() != "plain" || errors.As(pe, &se) {
		t.Fatalf("plain error came back as %#v", out[2].Payload)
	}
}

func TestEventCodecRejectsWhatCannotBeQueued(t *testing.T) {
	for _, v := range []jsval.Value{strings.NewReader("stream"), 42, jsval.NewObject().Set("a", jsval.Array{struct{}{}})} {
		if _, err := encodeEvents([]events.Event{{Name: "e", Payload: v}}); err == nil {
			t.Errorf("%T encoded", v)
		}
	}
}

// Every truncation and a sweep of byte flips of a valid entry decode to an error or a value,
// never a panic or a hang.
func TestEventCodecCorruptInput(t *testing.T) {
	b, err := encodeEvents(sampleEvents())
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, err := decodeEvents(b[:n]); err == nil {
			t.Fatalf("truncation to %d bytes decoded", n)
		}
	}
	for i := range b {
		c := append([]byte(nil), b...)
		c[i] ^= 0xff
		_, _ = decodeEvents(c)
	}
	if _, err := decodeEvents(append(b, 0)); !errors.Is(err, errCorruptEntry) {
		t.Fatalf("trailing byte: %v", err)
	}
	deep := []byte{eventCodecVersion, 1, 1, 'e'}
	for range maxValueDepth + 2 {
		deep = append(deep, tagArray, 1)
	}
	if _, err := decodeEvents(append(deep, tagNull)); !errors.Is(err, errCorruptEntry) {
		t.Fatalf("over-deep nesting: %v", err)
	}
}

func FuzzDecodeEvents(f *testing.F) {
	b, _ := encodeEvents(sampleEvents())
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, err := decodeEvents(data)
		if err != nil {
			return
		}
		again, err := encodeEvents(evs)
		if err != nil {
			t.Fatalf("decoded entry does not re-encode: %v", err)
		}
		if _, err := decodeEvents(again); err != nil {
			t.Fatalf("re-encoded entry does not decode: %v", err)
		}
	})
}
