package wamsg

import (
	"regexp"
	"testing"
	"time"
)

func TestMessageIDs(t *testing.T) {
	shape := regexp.MustCompile(`^3EB0[0-9A-F]{36}$`)
	a, b := GenerateMessageID(), GenerateMessageID()
	if !shape.MatchString(a) || a == b {
		t.Fatalf("GenerateMessageID: %q %q", a, b)
	}
	v2 := regexp.MustCompile(`^3EB0[0-9A-F]{18}$`)
	now := time.Unix(1795756401, 0)
	x, y := GenerateMessageIDV2("15550000000:7@s.whatsapp.net", now), GenerateMessageIDV2("", now)
	if !v2.MatchString(x) || !v2.MatchString(y) || x == GenerateMessageIDV2("15550000000:7@s.whatsapp.net", now) {
		t.Fatalf("GenerateMessageIDV2: %q %q", x, y)
	}
	// Baileys' own IDs are 22 characters: getDevice reads them as web.
	if Device(x) != "web" {
		t.Fatalf("Device(%s) = %s", x, Device(x))
	}
}

func TestDevice(t *testing.T) {
	for id, want := range map[string]string{
		"3A0123456789ABCDEF01":             "ios",
		"3EB0123456789ABCDEF012":           "web",
		"ABCDEF0123456789ABCDE":            "android",
		"ABCDEF0123456789ABCDEF0123456789": "android",
		"3F0123":                           "desktop",
		"ABCDEF0123456789AB":               "desktop",
		"X":                                "unknown",
	} {
		if got := Device(id); got != want {
			t.Errorf("Device(%s) = %s want %s", id, got, want)
		}
	}
}
