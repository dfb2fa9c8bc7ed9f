package storetest

import (
	"bytes"

	wastore "go.mau.fi/whatsmeow/store"
)

func mac(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

var appStateScenarios = []scenario{
	{"app-state sync keys", func(e *env) {
		s := e.device("100", 1).AppStateKeys
		get := func(id string) *wastore.AppStateSyncKey {
			v, err := s.GetAppStateSyncKey(e.ctx, []byte(id))
			e.must(err, "GetAppStateSyncKey")
			return v
		}
		latest := func() []byte {
			v, err := s.GetLatestAppStateSyncKeyID(e.ctx)
			e.must(err, "GetLatestAppStateSyncKeyID")
			return v
		}
		e.expect("missing key is nil", get("k1"), (*wastore.AppStateSyncKey)(nil))
		e.expect("no latest key", latest(), []byte(nil))
		put := func(id, data string, ts int64) {
			e.must(s.PutAppStateSyncKey(e.ctx, []byte(id), wastore.AppStateSyncKey{Data: []byte(data), Fingerprint: []byte("fp-" + data), Timestamp: ts}), "PutAppStateSyncKey")
		}
		put("k1", "d1", 100)
		put("k2", "d2", 300)
		put("k3", "d3", 200)
		e.expect("latest is the highest timestamp", latest(), []byte("k2"))
		put("k1", "older", 50)
		e.expect("an older timestamp does not overwrite", get("k1"), &wastore.AppStateSyncKey{Data: []byte("d1"), Fingerprint: []byte("fp-d1"), Timestamp: 100})
		put("k1", "same", 100)
		e.expect("an equal timestamp does not overwrite", get("k1"), &wastore.AppStateSyncKey{Data: []byte("d1"), Fingerprint: []byte("fp-d1"), Timestamp: 100})
		put("k1", "newer", 400)
		e.reopen()
		s = e.device("100", 1).AppStateKeys
		e.expect("a newer timestamp overwrites", get("k1"), &wastore.AppStateSyncKey{Data: []byte("newer"), Fingerprint: []byte("fp-newer"), Timestamp: 400})
		e.expect("latest follows the overwrite", latest(), []byte("k1"))
		e.expect("others intact", get("k3"), &wastore.AppStateSyncKey{Data: []byte("d3"), Fingerprint: []byte("fp-d3"), Timestamp: 200})
	}},
	{"app-state versions and MACs", func(e *env) {
		s := e.device("100", 1).AppState
		version := func(name string) (uint64, [128]byte) {
			v, h, err := s.GetAppStateVersion(e.ctx, name)
			e.must(err, "GetAppStateVersion")
			return v, h
		}
		macOf := func(name string, index []byte) []byte {
			v, err := s.GetAppStateMutationMAC(e.ctx, name, index)
			e.must(err, "GetAppStateMutationMAC")
			return v
		}
		v, h := version("regular")
		e.expect("unknown collection version", v, uint64(0))
		e.expect("unknown collection hash", h, [128]byte{})
		e.expect("unknown MAC is nil", macOf("regular", mac(1)), []byte(nil))

		hash := [128]byte{1, 2, 3, 127: 9}
		e.must(s.PutAppStateVersion(e.ctx, "regular", 1, hash), "PutAppStateVersion")
		e.must(s.PutAppStateMutationMACs(e.ctx, "regular", 1, []wastore.AppStateMutationMAC{
			{IndexMAC: mac(1), ValueMAC: mac(11)}, {IndexMAC: mac(2), ValueMAC: mac(12)},
		}), "PutAppStateMutationMACs v1")
		e.must(s.PutAppStateVersion(e.ctx, "regular", 2, hash), "PutAppStateVersion 2")
		e.must(s.PutAppStateMutationMACs(e.ctx, "regular", 2, []wastore.AppStateMutationMAC{
			{IndexMAC: mac(1), ValueMAC: mac(21)},
		}), "PutAppStateMutationMACs v2")
		e.must(s.PutAppStateMutationMACs(e.ctx, "regular", 3, nil), "PutAppStateMutationMACs of nothing")
		e.must(s.PutAppStateVersion(e.ctx, "critical_block", 7, [128]byte{7}), "PutAppStateVersion other")
		e.must(s.PutAppStateMutationMACs(e.ctx, "critical_block", 7, []wastore.AppStateMutationMAC{
			{IndexMAC: mac(1), ValueMAC: mac(71)},
		}), "PutAppStateMutationMACs other")

		e.reopen()
		s = e.device("100", 1).AppState
		v, h = version("regular")
		e.expect("version stored", v, uint64(2))
		e.expect("hash stored", h, hash)
		e.expect("highest version's MAC wins", macOf("regular", mac(1)), mac(21))
		e.expect("MAC of v1", macOf("regular", mac(2)), mac(12))
		e.expect("collections are separate", macOf("critical_block", mac(1)), mac(71))

		e.must(s.DeleteAppStateMutationMACs(e.ctx, "regular", [][]byte{mac(1)}), "DeleteAppStateMutationMACs")
		e.must(s.DeleteAppStateMutationMACs(e.ctx, "regular", nil), "DeleteAppStateMutationMACs of nothing")
		e.expect("every version of a deleted index MAC is gone", macOf("regular", mac(1)), []byte(nil))
		e.expect("other index MAC kept", macOf("regular", mac(2)), mac(12))

		// A full re-sync deletes the version; its MACs must go with it, other collections stay.
		e.must(s.DeleteAppStateVersion(e.ctx, "regular"), "DeleteAppStateVersion")
		v, h = version("regular")
		e.expect("deleted version", v, uint64(0))
		e.expect("deleted hash", h, [128]byte{})
		e.must(s.PutAppStateVersion(e.ctx, "regular", 1, hash), "PutAppStateVersion after delete")
		e.expect("MACs deleted with their version", macOf("regular", mac(2)), []byte(nil))
		e.expect("other collection's MAC kept", macOf("critical_block", mac(1)), mac(71))
		e.reopen()
		s = e.device("100", 1).AppState
		e.expect("MAC cascade persisted", macOf("regular", mac(2)), []byte(nil))
		v, _ = version("critical_block")
		e.expect("other collection's version kept", v, uint64(7))
	}},
}
