package offline

import (
	"testing"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

func openDB(t *testing.T, dir string) *badger.DB {
	t.Helper()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil).WithMemTableSize(8 << 20).WithNumCompactors(2))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func msg(id string, from types.JID) waBinary.Node {
	return waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"id": id, "from": from, "type": "text"},
		Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": "msg"}, Content: []byte{1, 2, 3}}}}
}

func TestQueueOrderDedupeRemoveAndRestart(t *testing.T) {
	dir := t.TempDir()
	db := openDB(t, dir)
	q, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	dev := types.JID{User: "1555", Server: types.DefaultUserServer, Device: 2}
	other := types.JID{User: "1555", Server: types.DefaultUserServer, Device: 3}
	sender := types.JID{User: "1666", Server: types.DefaultUserServer, Device: 1}
	for _, id := range []string{"a", "b", "c"} {
		if _, dup, err := q.Push(dev, msg(id, sender)); err != nil || dup {
			t.Fatalf("push %s: dup=%v err=%v", id, dup, err)
		}
	}
	if _, dup, _ := q.Push(dev, msg("b", sender)); !dup {
		t.Fatal("pending duplicate was stored again")
	}
	if _, _, err := q.Push(other, msg("a", sender)); err != nil {
		t.Fatal(err)
	}
	// The client's receipt for b names the sender in "to", which is how the entry is found.
	receipt := waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": "b", "to": sender, "type": "inactive"}}
	key, ok := AckKeyOfAck(receipt)
	if !ok {
		t.Fatal("delivery receipt does not acknowledge")
	}
	if removed, err := q.Remove(dev, key); err != nil || !removed {
		t.Fatalf("remove: %v %v", removed, err)
	}
	if _, ok := AckKeyOfAck(waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": "a", "to": sender, "type": "read"}}); ok {
		t.Fatal("a read receipt must not acknowledge a queued message")
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openDB(t, dir)
	defer db.Close()
	q, err = Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	pending, err := q.Pending(dev)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 || pending[0].Node.Attrs["id"] != "a" || pending[1].Node.Attrs["id"] != "c" {
		t.Fatalf("after restart: %+v", pending)
	}
	if from, _ := pending[0].Node.Attrs["from"].(types.JID); from != sender {
		t.Fatalf("from did not survive as a JID: %#v", pending[0].Node.Attrs["from"])
	}
	if content, _ := pending[0].Node.GetChildByTag("enc").Content.([]byte); len(content) != 3 {
		t.Fatalf("enc content did not survive as bytes: %#v", pending[0].Node.GetChildByTag("enc").Content)
	}
	// New entries sort after the old ones despite the sequence lease being reissued.
	if _, _, err := q.Push(dev, msg("d", sender)); err != nil {
		t.Fatal(err)
	}
	pending, _ = q.Pending(dev)
	if len(pending) != 3 || pending[2].Node.Attrs["id"] != "d" {
		t.Fatalf("order after restart: %d entries", len(pending))
	}
	if err := q.Purge(dev); err != nil {
		t.Fatal(err)
	}
	if pending, _ = q.Pending(dev); len(pending) != 0 {
		t.Fatalf("purge left %d", len(pending))
	}
	if pending, _ = q.Pending(other); len(pending) != 1 {
		t.Fatalf("purge touched another device: %d", len(pending))
	}
}

func TestAckKeysOfNotificationsAndReceipts(t *testing.T) {
	from := types.JID{User: "1666", Server: types.DefaultUserServer, Device: 1}
	notif := waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{"id": "n1", "from": types.ServerJID, "type": "encrypt"}}
	ack := waBinary.Node{Tag: "ack", Attrs: waBinary.Attrs{"id": "n1", "class": "notification", "to": types.ServerJID, "type": "encrypt"}}
	if k, ok := AckKeyOfAck(ack); !ok || k != AckKey(notif) {
		t.Fatalf("notification ack key %q, want %q", k, AckKey(notif))
	}
	read := waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": "m1", "from": from, "type": "read"}}
	readAck := waBinary.Node{Tag: "ack", Attrs: waBinary.Attrs{"id": "m1", "class": "receipt", "to": from, "type": "read"}}
	delivered := waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{"id": "m1", "from": from}}
	if k, _ := AckKeyOfAck(readAck); k != AckKey(read) || k == AckKey(delivered) {
		t.Fatal("a read receipt's ack must remove the read receipt and only it")
	}
}
