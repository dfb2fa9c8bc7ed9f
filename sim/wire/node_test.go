package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"reflect"
	"strings"
	"testing"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

func sampleNode() *waBinary.Node {
	return &waBinary.Node{
		Tag: "message",
		Attrs: waBinary.Attrs{
			"from":        types.NewJID("120363000000000001", types.GroupServer),
			"participant": types.NewADJID("15550001111", 0, 3),
			"id":          "3EB0ABCDEF",
			"t":           "1700000000",
			"type":        "text",
		},
		Content: []waBinary.Node{
			{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "skmsg"}, Content: []byte{0, 1, 2, 0xff}},
			{Tag: "participants", Content: []waBinary.Node{{Tag: "to", Attrs: waBinary.Attrs{"jid": types.NewJID("1", types.HiddenUserServer)}}}},
		},
	}
}

func TestNodeRoundTrip(t *testing.T) {
	n := sampleNode()
	enc, err := EncodeNode(n)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeNode(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n) {
		t.Fatalf("round trip:\n got %s\nwant %s", got.XMLString(), n.XMLString())
	}
}

func TestDecodeCompressedNode(t *testing.T) {
	enc, err := EncodeNode(sampleNode())
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(enc[1:])
	zw.Close()
	got, err := DecodeNode(append([]byte{2}, z.Bytes()...))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sampleNode()) {
		t.Fatalf("compressed round trip gave %s", got.XMLString())
	}
}

func TestDecodeNodeRejectsZlibBomb(t *testing.T) {
	var z bytes.Buffer
	// BestSpeed: compressing 16 MiB at the default level dominated this package's -race run.
	zw, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(make([]byte, maxInflated+10))
	zw.Close()
	if _, err := DecodeNode(append([]byte{2}, z.Bytes()...)); !errors.Is(err, ErrMalformedNode) {
		t.Fatalf("err = %v", err)
	}
}

// deepNode nests n single-child lists: each level is List8(2) tag-token List8(1).
func deepNode(n int) []byte {
	var b []byte
	for range n {
		b = append(b, 248, 2, 19, 248, 1) // <message> with a one-element child list
	}
	b = append(b, 248, 1, 19) // innermost <message/>
	return b
}

func TestDecodeNodeRejectsMalformed(t *testing.T) {
	cases := map[string][]byte{
		"empty":          {},
		"flags only":     {0},
		"bad zlib":       {2, 1, 2, 3},
		"truncated":      {0, 248, 3, 19, 8},
		"trailing":       append([]byte{0, 248, 1, 19}, 0),
		"empty list hdr": {0, 0, 19},
		"bad list tag":   {0, 7, 19},
		"tag is list":    {0, 248, 1, 248, 0},
		"tag is nil":     {0, 248, 1, 0},
		// whatsmeow's decoder type-asserts these to string and would panic.
		"jid user list":     {0, 248, 2, 19, 250, 248, 1, 248, 1, 19, 3},
		"jid server nil":    {0, 248, 2, 19, 250, 0, 0},
		"jid server jid":    {0, 248, 2, 19, 250, 0, 250, 0, 3},
		"ad-jid nil user":   {0, 248, 2, 19, 247, 0, 1, 0},
		"fb-jid list user":  {0, 248, 2, 19, 246, 248, 0, 0, 1, 3},
		"tag is jid":        {0, 248, 1, 250, 0, 3},
		"packed odd empty":  {0, 248, 1, 255, 0x80},
		"too deep":          append([]byte{0}, deepNode(maxNodeDepth+1)...),
		"bad token":         {0, 248, 1, 240},
		"binary32 overflow": {0, 248, 2, 19, 254, 0xff, 0xff, 0xff, 0xff},
	}
	for _, d := range dictionaries {
		for name, in := range cases {
			n, err := d.DecodeNode(in)
			if !errors.Is(err, ErrMalformedNode) {
				t.Errorf("dictionary %d, %s: node %v, err %v; want ErrMalformedNode", d.Version, name, n, err)
			}
		}
	}
}

func TestDecodeNodeAcceptsNestingWithinLimit(t *testing.T) {
	if _, err := DecodeNode(append([]byte{0}, deepNode(maxNodeDepth-1)...)); err != nil {
		t.Fatalf("depth %d: %v", maxNodeDepth-1, err)
	}
}

func TestEncodeNodeRejectsEmpty(t *testing.T) {
	if _, err := EncodeNode(&waBinary.Node{}); err == nil {
		t.Fatal("encoded a node without tag")
	}
	if _, err := EncodeNode(nil); err == nil {
		t.Fatal("encoded nil")
	}
}

// FuzzDecodeNode: arbitrary plaintexts never panic in either dictionary; whatever decodes re-encodes and
// decodes to the same node; and in dictionary 3, whatsmeow's own decoder agrees wherever it does not panic.
func FuzzDecodeNode(f *testing.F) {
	for _, d := range dictionaries {
		v2 := d == Dict2
		f.Add(v2, mustEncode(f, d, sampleNode()))
		f.Add(v2, []byte{0, 248, 2, 19, 250, 248, 1, 248, 1, 19, 3})
		f.Add(v2, []byte{0, 248, 1, 255, 0x80})
		f.Add(v2, append([]byte{0}, deepNode(70)...))
		f.Add(v2, []byte{2, 0x78, 0x9c, 3, 0, 0, 0, 0, 1})
		f.Add(v2, []byte{0, 248, 2, 19, 246, 252, 1, '1', 0, 1, 252, 4, 'm', 's', 'g', 'r'})
	}
	f.Fuzz(func(t *testing.T, v2 bool, data []byte) {
		d := Dict3
		if v2 {
			d = Dict2
		}
		n, err := d.DecodeNode(data)
		if !v2 && len(data) > 0 && data[0] == 0 {
			agreeWithWhatsmeow(t, data[1:], n, err)
		}
		if err != nil {
			if !errors.Is(err, ErrMalformedNode) {
				t.Fatalf("error without ErrMalformedNode: %v", err)
			}
			return
		}
		// Encoding normalises (nil attributes are dropped), so compare from the first re-encoding on.
		n2, ok := reencode(t, d, n)
		if !ok {
			return // e.g. an empty tag cannot be encoded; decoding still did not panic
		}
		n3, _ := reencode(t, d, n2)
		if n3.XMLString() != n2.XMLString() {
			t.Fatalf("re-encode changed node:\n%s\n%s", n2.XMLString(), n3.XMLString())
		}
	})
}

// agreeWithWhatsmeow checks our dictionary-3 result for body against whatsmeow's decoder, which
// panics on some malformed input and has no nesting limit; those cases prove nothing either way.
func agreeWithWhatsmeow(t *testing.T, body []byte, ours *waBinary.Node, ourErr error) {
	theirs, err, panicked := func() (n *waBinary.Node, err error, panicked bool) {
		defer func() {
			if recover() != nil {
				panicked = true
			}
		}()
		n, err = waBinary.Unmarshal(body)
		return n, err, false
	}()
	if panicked || (ourErr != nil && strings.Contains(ourErr.Error(), "nesting deeper")) {
		return
	}
	if (err == nil) != (ourErr == nil) {
		t.Fatalf("whatsmeow: %v, ours: %v", err, ourErr)
	}
	if err == nil && !reflect.DeepEqual(theirs, ours) {
		t.Fatalf("whatsmeow decodes\n%s\nours\n%s", theirs.XMLString(), ours.XMLString())
	}
}

func reencode(t *testing.T, d *Dictionary, n *waBinary.Node) (*waBinary.Node, bool) {
	enc, err := d.EncodeNode(n)
	if err != nil {
		return nil, false
	}
	again, err := d.DecodeNode(enc)
	if err != nil {
		t.Fatalf("re-decode of %s: %v", n.XMLString(), err)
	}
	return again, true
}
