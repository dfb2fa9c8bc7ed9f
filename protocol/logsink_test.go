package protocol

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/botrt/botrt/sim/testkit"
)

// A session's sink gets the session's and whatsmeow's records at its level and above, with the
// session's attributes, while the manager's logger keeps its own level.
func TestSessionLogSink(t *testing.T) {
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), slog.New(slog.DiscardHandler))
	s, err := e.m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []slog.Record
	release := s.SetLogSink(&LogSink{Level: slog.LevelInfo, Write: func(r slog.Record) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	}})
	pairByQR(t, srv, s, "Bot")
	release()
	mu.Lock()
	defer mu.Unlock()
	authenticated := false
	for _, r := range got {
		if r.Level < slog.LevelInfo {
			t.Fatalf("a %s record reached an info sink: %s", r.Level, r.Message)
		}
		session := ""
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "session" {
				session = a.Value.String()
			}
			return true
		})
		if session != "bot" {
			t.Fatalf("record %q without the session attribute", r.Message)
		}
		authenticated = authenticated || r.Message == "Successfully authenticated"
	}
	if !authenticated {
		t.Fatalf("whatsmeow's login record did not reach the sink; got %d records", len(got))
	}
}
