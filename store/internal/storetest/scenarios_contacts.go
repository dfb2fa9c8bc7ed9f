package storetest

import (
	"time"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

func pnJID(user string) types.JID  { return types.JID{User: user, Server: types.DefaultUserServer} }
func lidJID(user string) types.JID { return types.JID{User: user, Server: types.HiddenUserServer} }

var contactScenarios = []scenario{
	{"contacts", func(e *env) {
		s := e.device("100", 1).Contacts
		a, b, c := pnJID("201"), pnJID("202"), lidJID("303")
		contact := func(jid types.JID) types.ContactInfo {
			v, err := s.GetContact(e.ctx, jid)
			e.must(err, "GetContact")
			return v
		}
		e.expect("missing contact", contact(a), types.ContactInfo{})
		pushed := func(jid types.JID, name string, wantChanged bool, wantPrev string) {
			changed, prev, err := s.PutPushName(e.ctx, jid, name)
			e.must(err, "PutPushName")
			e.expect("PutPushName "+jid.String()+" "+name, []any{changed, prev}, []any{wantChanged, wantPrev})
		}
		business := func(jid types.JID, name string, wantChanged bool, wantPrev string) {
			changed, prev, err := s.PutBusinessName(e.ctx, jid, name)
			e.must(err, "PutBusinessName")
			e.expect("PutBusinessName "+jid.String()+" "+name, []any{changed, prev}, []any{wantChanged, wantPrev})
		}
		pushed(a, "Alice", true, "")
		pushed(a, "Alice", false, "")
		pushed(a, "Alicia", true, "Alice")
		business(a, "Alice Ltd", true, "")
		business(a, "Alice Ltd", false, "")
		business(b, "Bob Co", true, "")
		// whatsmeow calls PutContactName(jid, firstName, fullName) although the interface names the
		// parameters the other way round; the second argument is the first name.
		e.must(s.PutContactName(e.ctx, a, "Al", "Alice Smith"), "PutContactName")
		e.expect("contact after names", contact(a), types.ContactInfo{Found: true, FirstName: "Al", FullName: "Alice Smith", PushName: "Alicia", BusinessName: "Alice Ltd"})

		e.must(s.PutAllContactNames(e.ctx, []wastore.ContactEntry{
			{JID: a, FirstName: "A1", FullName: "First Alice"},
			{JID: c, FirstName: "Carol", FullName: "Carol C"},
			{JID: a, FirstName: "A2", FullName: "Second Alice"},
		}), "PutAllContactNames")
		e.must(s.PutAllContactNames(e.ctx, nil), "PutAllContactNames of nothing")
		e.expect("bulk names: the first of duplicates wins, push and business names kept", contact(a),
			types.ContactInfo{Found: true, FirstName: "A1", FullName: "First Alice", PushName: "Alicia", BusinessName: "Alice Ltd"})
		e.must(s.PutManyRedactedPhones(e.ctx, []wastore.RedactedPhoneEntry{
			{JID: c, RedactedPhone: "+1 ***-**-01"}, {JID: b, RedactedPhone: "+44 ***"}, {JID: c, RedactedPhone: "+1 ***-**-99"},
		}), "PutManyRedactedPhones")
		e.must(s.PutManyRedactedPhones(e.ctx, nil), "PutManyRedactedPhones of nothing")
		e.expect("redacted phone, the first of duplicates wins", contact(c), types.ContactInfo{Found: true, FirstName: "Carol", FullName: "Carol C", RedactedPhone: "+1 ***-**-01"})

		want := map[types.JID]types.ContactInfo{
			a: {Found: true, FirstName: "A1", FullName: "First Alice", PushName: "Alicia", BusinessName: "Alice Ltd"},
			b: {Found: true, BusinessName: "Bob Co", RedactedPhone: "+44 ***"},
			c: {Found: true, FirstName: "Carol", FullName: "Carol C", RedactedPhone: "+1 ***-**-01"},
		}
		all, err := s.GetAllContacts(e.ctx)
		e.must(err, "GetAllContacts")
		e.expect("all contacts", all, want)
		e.reopen()
		s = e.device("100", 1).Contacts
		all, err = s.GetAllContacts(e.ctx)
		e.must(err, "GetAllContacts")
		e.expect("all contacts after reopen", all, want)
		e.expect("single contact after reopen", contact(b), want[b])
		pushed(a, "Alicia", false, "")
		pushed(b, "Bob", true, "")
		e.expect("missing contact after reopen", contact(pnJID("404")), types.ContactInfo{})
	}},
	{"chat settings", func(e *env) {
		s := e.device("100", 1).ChatSettings
		get := func(chat types.JID) types.LocalChatSettings {
			v, err := s.GetChatSettings(e.ctx, chat)
			e.must(err, "GetChatSettings")
			return v
		}
		chat, group, other := pnJID("201"), types.JID{User: "123-456", Server: types.GroupServer}, pnJID("202")
		e.expect("missing settings", get(chat), types.LocalChatSettings{})
		until := time.Unix(2_000_000_000, 0)
		e.must(s.PutMutedUntil(e.ctx, chat, until), "PutMutedUntil")
		e.must(s.PutPinned(e.ctx, chat, true), "PutPinned")
		e.must(s.PutMutedUntil(e.ctx, group, wastore.MutedForever), "PutMutedUntil forever")
		e.must(s.PutArchived(e.ctx, group, true), "PutArchived")
		e.must(s.PutArchived(e.ctx, other, false), "PutArchived false")
		e.reopen()
		s = e.device("100", 1).ChatSettings
		got := get(chat)
		e.expect("muted until a time", got.MutedUntil, until)
		e.expect("pinned", []bool{got.Found, got.Pinned, got.Archived}, []bool{true, true, false})
		got = get(group)
		e.expect("muted forever", got.MutedUntil, wastore.MutedForever)
		e.expect("archived group", []bool{got.Found, got.Pinned, got.Archived}, []bool{true, false, true})
		got = get(other)
		e.expect("a stored false is found", []any{got.Found, got.Archived, got.MutedUntil}, []any{true, false, time.Time{}})
		e.must(s.PutMutedUntil(e.ctx, chat, time.Time{}), "unmute")
		e.must(s.PutPinned(e.ctx, chat, false), "unpin")
		got = get(chat)
		e.expect("unmuted and unpinned", []any{got.Found, got.Pinned, got.MutedUntil}, []any{true, false, time.Time{}})
	}},
}
