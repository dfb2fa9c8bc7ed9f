package storetest

import (
	"go.mau.fi/whatsmeow/util/keys"
)

var preKeyScenarios = []scenario{
	{"pre-keys", func(e *env) {
		s := e.device("100", 1).PreKeys
		getOrGen := func(n uint32) []*keys.PreKey {
			v, err := s.GetOrGenPreKeys(e.ctx, n)
			e.must(err, "GetOrGenPreKeys")
			return v
		}
		count := func() int {
			v, err := s.UploadedPreKeyCount(e.ctx)
			e.must(err, "UploadedPreKeyCount")
			return v
		}
		ids := func(ks []*keys.PreKey) []uint32 {
			out := make([]uint32, len(ks))
			for i, k := range ks {
				out[i] = k.KeyID
			}
			return out
		}
		e.expect("no uploaded keys yet", count(), 0)
		first := getOrGen(5)
		e.expect("fresh keys are numbered from 1", ids(first), []uint32{1, 2, 3, 4, 5})
		again := getOrGen(5)
		e.expect("not-yet-uploaded keys are handed out again", ids(again), []uint32{1, 2, 3, 4, 5})
		for i := range first {
			if *first[i].Priv != *again[i].Priv {
				e.t.Errorf("%s: key %d changed between calls", e.backend.Name, first[i].KeyID)
			}
		}
		e.expect("generating does not mark uploaded", count(), 0)
		e.must(s.MarkPreKeysAsUploaded(e.ctx, 3), "MarkPreKeysAsUploaded")
		e.expect("marked up to 3", count(), 3)
		e.expect("lowest not-uploaded first, then new IDs", ids(getOrGen(4)), []uint32{4, 5, 6, 7})
		e.expect("fewer than pending", ids(getOrGen(1)), []uint32{4})
		e.expect("zero keys", len(getOrGen(0)), 0)

		one, err := s.GenOnePreKey(e.ctx)
		e.must(err, "GenOnePreKey")
		e.expect("GenOnePreKey continues the numbering", one.KeyID, uint32(8))
		e.expect("GenOnePreKey counts as uploaded", count(), 4)
		e.expect("GenOnePreKey is not handed out for upload", ids(getOrGen(5)), []uint32{4, 5, 6, 7, 9})

		e.must(s.RemovePreKey(e.ctx, 2), "RemovePreKey")
		e.must(s.RemovePreKey(e.ctx, 404), "RemovePreKey of a missing key")
		e.expect("removed uploaded key no longer counted", count(), 3)

		e.reopen()
		s = e.device("100", 1).PreKeys
		for _, want := range first {
			got, err := s.GetPreKey(e.ctx, want.KeyID)
			e.must(err, "GetPreKey")
			if want.KeyID == 2 {
				e.expect("removed key is nil", got, (*keys.PreKey)(nil))
				continue
			}
			if got == nil || *got.Priv != *want.Priv || *got.Pub != *want.Pub {
				e.t.Errorf("%s: key %d not read back intact: %+v", e.backend.Name, want.KeyID, got)
			}
		}
		got, err := s.GetPreKey(e.ctx, one.KeyID)
		e.must(err, "GetPreKey")
		if got == nil || *got.Priv != *one.Priv {
			e.t.Errorf("%s: GenOnePreKey key not read back intact", e.backend.Name)
		}
		missing, err := s.GetPreKey(e.ctx, 12345)
		e.must(err, "GetPreKey missing")
		e.expect("missing key is nil", missing, (*keys.PreKey)(nil))
		e.expect("upload marks persist", count(), 3)
		e.must(s.MarkPreKeysAsUploaded(e.ctx, 9), "MarkPreKeysAsUploaded all")
		e.expect("all marked", count(), 8)
		e.expect("new keys continue after the highest ID", ids(getOrGen(2)), []uint32{10, 11})
	}},
}
