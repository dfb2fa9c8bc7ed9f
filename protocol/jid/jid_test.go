package jid

import "testing"

func TestDecode(t *testing.T) {
	cases := []struct {
		in   string
		want Full
		ok   bool
	}{
		{"1555:3@s.whatsapp.net", Full{User: "1555", Server: "s.whatsapp.net", Device: 3, HasDevice: true}, true},
		{"1555@s.whatsapp.net", Full{User: "1555", Server: "s.whatsapp.net"}, true},
		{"4455:12@lid", Full{User: "4455", Server: "lid", Device: 12, HasDevice: true, DomainType: DomainLID}, true},
		{"1555_1:2@s.whatsapp.net", Full{User: "1555", Server: "s.whatsapp.net", Device: 2, HasDevice: true, DomainType: 1}, true},
		{"9@hosted", Full{User: "9", Server: "hosted", DomainType: DomainHosted}, true},
		{"9@hosted.lid", Full{User: "9", Server: "hosted.lid", DomainType: DomainHostedLID}, true},
		{"120363@g.us", Full{User: "120363", Server: "g.us"}, true},
		{"@g.us", Full{Server: "g.us"}, true},
		{"1555:x@s.whatsapp.net", Full{User: "1555", Server: "s.whatsapp.net"}, true},
		{"no-at-sign", Full{}, false},
		{"", Full{}, false},
	}
	for _, c := range cases {
		got, ok := Decode(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("Decode(%q) = %+v %v, want %+v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestEncodeAndNormalize(t *testing.T) {
	if got := Encode("1555", "s.whatsapp.net", 3, 1); got != "1555_1:3@s.whatsapp.net" {
		t.Fatal(got)
	}
	if got := Encode("", "g.us", 0, 0); got != "@g.us" {
		t.Fatal(got)
	}
	for in, want := range map[string]string{
		"1555:3@s.whatsapp.net":   "1555@s.whatsapp.net",
		"1555@c.us":               "1555@s.whatsapp.net",
		"4455:2@lid":              "4455@lid",
		"120363@g.us":             "120363@g.us",
		"1555_1:3@s.whatsapp.net": "1555@s.whatsapp.net",
		"garbage":                 "",
	} {
		if got := NormalizedUser(in); got != want {
			t.Errorf("NormalizedUser(%q) = %q want %q", in, got, want)
		}
	}
	if got := TransferDevice("1:5@s.whatsapp.net", "99@lid"); got != "99:5@lid" {
		t.Fatal(got)
	}
}

func TestPredicates(t *testing.T) {
	if !SameUser("1555:3@s.whatsapp.net", "1555@s.whatsapp.net") || SameUser("1555@s.whatsapp.net", "1556@s.whatsapp.net") ||
		!SameUser("x", "y") || SameUser("x", "1@s.whatsapp.net") {
		t.Fatal("SameUser")
	}
	checks := []struct {
		fn  func(string) bool
		yes string
		no  string
	}{
		{IsPnUser, "1@s.whatsapp.net", "1@lid"},
		{IsLidUser, "1@lid", "1@s.whatsapp.net"},
		{IsGroup, "1@g.us", "1@s.whatsapp.net"},
		{IsBroadcast, "status@broadcast", "1@g.us"},
		{IsStatusBroadcast, "status@broadcast", "1@broadcast"},
		{IsNewsletter, "1@newsletter", "1@g.us"},
		{IsHostedPnUser, "1@hosted", "1@hosted.lid"},
		{IsHostedLidUser, "1@hosted.lid", "1@hosted"},
		{IsMetaAI, "1@bot", "1@c.us"},
		{IsBot, "13135551234@c.us", "13135551234@s.whatsapp.net"},
		{IsBot, "13165550012@c.us", "1316555001@c.us"},
	}
	for _, c := range checks {
		if !c.fn(c.yes) || c.fn(c.no) {
			t.Errorf("predicate wrong for %q / %q", c.yes, c.no)
		}
	}
}
