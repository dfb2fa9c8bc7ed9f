package storetest

import (
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

func withDevice(j types.JID, dev uint16) types.JID {
	j.Device = dev
	return j
}

var lidScenarios = []scenario{
	{"LID map lookups", func(e *env) {
		m := e.h.LIDs
		forPN := func(label string, pn types.JID, want types.JID) {
			v, err := m.GetLIDForPN(e.ctx, pn)
			e.must(err, "GetLIDForPN")
			e.expect(label, v, want)
		}
		forLID := func(label string, lid types.JID, want types.JID) {
			v, err := m.GetPNForLID(e.ctx, lid)
			e.must(err, "GetPNForLID")
			e.expect(label, v, want)
		}
		e.expect("PutLIDMapping rejects a PN as LID", m.PutLIDMapping(e.ctx, pnJID("1"), pnJID("2")) != nil, true)
		e.expect("PutLIDMapping rejects a group as PN", m.PutLIDMapping(e.ctx, lidJID("1"), types.JID{User: "1-2", Server: types.GroupServer}) != nil, true)
		_, err := m.GetLIDForPN(e.ctx, lidJID("301"))
		e.expect("GetLIDForPN rejects a LID", err != nil, true)
		_, err = m.GetPNForLID(e.ctx, pnJID("201"))
		e.expect("GetPNForLID rejects a PN", err != nil, true)
		forPN("unknown PN", pnJID("201"), types.EmptyJID)
		forLID("unknown LID", lidJID("301"), types.EmptyJID)

		e.must(m.PutLIDMapping(e.ctx, lidJID("301"), pnJID("201")), "PutLIDMapping")
		e.must(m.PutLIDMapping(e.ctx, lidJID("301"), pnJID("201")), "PutLIDMapping again")
		e.must(m.PutManyLIDMappings(e.ctx, []wastore.LIDMapping{
			{LID: lidJID("302"), PN: pnJID("202")},
			{LID: pnJID("999"), PN: pnJID("998")}, // invalid: skipped silently
			{LID: lidJID("303"), PN: pnJID("203")},
			{LID: lidJID("303"), PN: pnJID("203")},
		}), "PutManyLIDMappings")
		e.must(m.PutManyLIDMappings(e.ctx, nil), "PutManyLIDMappings of nothing")
		check := func(when string) {
			forPN(when+": device number kept PN→LID", withDevice(pnJID("201"), 7), withDevice(lidJID("301"), 7))
			forLID(when+": device number kept LID→PN", withDevice(lidJID("302"), 3), withDevice(pnJID("202"), 3))
			forPN(when+": bulk entry", pnJID("203"), lidJID("303"))
			forLID(when+": invalid bulk entry skipped", lidJID("999"), types.EmptyJID)
		}
		check("warm")
		e.reopen()
		check("after reopen")
	}},
	{"LID map remaps", func(e *env) {
		m := e.h.LIDs
		e.must(m.PutLIDMapping(e.ctx, lidJID("301"), pnJID("201")), "PutLIDMapping")
		e.must(m.PutLIDMapping(e.ctx, lidJID("305"), pnJID("205")), "PutLIDMapping")
		// The map is 1:1: a PN's new LID replaces its old one, and a LID moved to another PN leaves
		// the old PN without a LID.
		e.must(m.PutLIDMapping(e.ctx, lidJID("311"), pnJID("201")), "remap PN")
		e.must(m.PutLIDMapping(e.ctx, lidJID("305"), pnJID("206")), "remap LID")
		// Within one batch, later entries win over earlier ones for the same PN or LID.
		e.must(m.PutManyLIDMappings(e.ctx, []wastore.LIDMapping{
			{LID: lidJID("320"), PN: pnJID("220")}, {LID: lidJID("321"), PN: pnJID("220")},
			{LID: lidJID("330"), PN: pnJID("230")}, {LID: lidJID("330"), PN: pnJID("231")},
		}), "PutManyLIDMappings with conflicts")
		lookups := func(when string, assert func(label string, got, want any)) {
			for _, c := range []struct {
				in, want types.JID
			}{
				{pnJID("201"), lidJID("311")}, {lidJID("311"), pnJID("201")}, {lidJID("301"), types.EmptyJID},
				{pnJID("206"), lidJID("305")}, {lidJID("305"), pnJID("206")}, {pnJID("205"), types.EmptyJID},
				{pnJID("220"), lidJID("321")}, {lidJID("320"), types.EmptyJID}, {lidJID("321"), pnJID("220")},
				{pnJID("230"), types.EmptyJID}, {pnJID("231"), lidJID("330")}, {lidJID("330"), pnJID("231")},
			} {
				var got types.JID
				var err error
				if c.in.Server == types.HiddenUserServer {
					got, err = m.GetPNForLID(e.ctx, c.in)
				} else {
					got, err = m.GetLIDForPN(e.ctx, c.in)
				}
				e.must(err, "lookup")
				assert(when+": "+c.in.String(), got, c.want)
			}
		}
		if !e.backend.Quirks.StaleLIDCacheAfterRemap {
			lookups("same process", e.check)
		}
		e.reopen()
		m = e.h.LIDs
		lookups("after reopen", e.expect)
	}},
	{"LID map bulk lookup", func(e *env) {
		m := e.h.LIDs
		e.must(m.PutManyLIDMappings(e.ctx, []wastore.LIDMapping{
			{LID: lidJID("301"), PN: pnJID("201")}, {LID: lidJID("302"), PN: pnJID("202")},
		}), "PutManyLIDMappings")
		v, err := m.GetManyLIDsForPNs(e.ctx, nil)
		e.must(err, "GetManyLIDsForPNs of nothing")
		e.expect("nothing asked, nothing found", len(v), 0)
		e.reopen()
		m = e.h.LIDs
		ask := []types.JID{pnJID("201"), withDevice(pnJID("201"), 4), withDevice(pnJID("202"), 9), pnJID("209"), lidJID("301")}
		// sqlstore's first lookup after a start reads the database and drops the device numbers; its
		// second is served from the cache and keeps them. Both backends are compared on user parts, and
		// each backend's device handling is asserted on its own.
		for _, round := range []string{"cold", "warm"} {
			got, err := m.GetManyLIDsForPNs(e.ctx, ask)
			e.must(err, "GetManyLIDsForPNs")
			users := make(map[types.JID]types.JID, len(got))
			for k, val := range got {
				users[k] = val.ToNonAD()
			}
			e.expect(round+": known PNs mapped, unknown and non-PN skipped", users, map[types.JID]types.JID{
				pnJID("201"): lidJID("301"), withDevice(pnJID("201"), 4): lidJID("301"), withDevice(pnJID("202"), 9): lidJID("302"),
			})
			keepsDevice := got[withDevice(pnJID("202"), 9)] == withDevice(lidJID("302"), 9)
			wantKeeps := round == "warm" || !e.backend.Quirks.LIDDeviceStrippedOnDBPath
			if keepsDevice != wantKeeps {
				e.t.Errorf("%s: %s GetManyLIDsForPNs kept the device: %v, want %v (%v)", e.backend.Name, round, keepsDevice, wantKeeps, got)
			}
		}
	}},
}
