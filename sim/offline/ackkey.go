package offline

import (
	"fmt"
	"strings"

	waBinary "go.mau.fi/whatsmeow/binary"
)

// AckKey identifies a stanza the way a client's acknowledgement names it: class (the tag), id, the
// sender (from), participant, and for non-message stanzas the type. whatsmeow acks a notification or
// receipt with <ack class id to=from participant type>, and answers a message with a <receipt id to=from
// participant> (or an <ack class="message"> on failure), so both sides of the key are derivable.
func AckKey(n waBinary.Node) string {
	return ackKey(n.Tag, n.Attrs["id"], n.Attrs["from"], n.Attrs["participant"], typeFor(n.Tag, n.Attrs["type"]))
}

// AckKeyOfAck is the key a client's <ack> or message <receipt> refers to, and ok=false when the stanza
// acknowledges nothing queued (e.g. a read receipt, which reports a later state instead).
func AckKeyOfAck(n waBinary.Node) (key string, ok bool) {
	switch n.Tag {
	case "ack":
		class, _ := n.Attrs["class"].(string)
		if class == "" {
			return "", false
		}
		return ackKey(class, n.Attrs["id"], n.Attrs["to"], n.Attrs["participant"], typeFor(class, n.Attrs["type"])), true
	case "receipt":
		typ, _ := n.Attrs["type"].(string)
		switch typ {
		// The first receipt a device sends for a message it received; "retry" also ends that stanza's
		// delivery (the sender answers with a new one).
		case "", "inactive", "sender", "peer_msg", "retry", "hist_sync", "server-error":
			return ackKey("message", n.Attrs["id"], n.Attrs["to"], n.Attrs["participant"], ""), true
		}
	}
	return "", false
}

func typeFor(class string, typ any) any {
	if class == "message" {
		return ""
	}
	return typ
}

func ackKey(class string, id, from, participant, typ any) string {
	var b strings.Builder
	for i, part := range []any{class, id, from, participant, typ} {
		if i > 0 {
			b.WriteByte('|')
		}
		if part != nil {
			fmt.Fprint(&b, part)
		}
	}
	return b.String()
}
