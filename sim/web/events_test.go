package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/sim/web"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
)

// sseEvent is one server-sent event.
type sseEvent struct {
	name string
	data string
}

// readEvents parses server-sent events from body onto the returned channel until body ends.
func readEvents(body io.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return out
}

// next returns the next event named name, failing the test at the deadline or if the stream ends.
func next(t *testing.T, events <-chan sseEvent, name string) sseEvent {
	t.Helper()
	deadline := time.After(testkit.Timeout)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("stream ended while waiting for a %q event", name)
			}
			if ev.name == name {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %q event within %v", name, testkit.Timeout)
		}
	}
}

func openEvents(t *testing.T, srv *testkit.Server, query string) (*http.Response, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/api/events"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		res.Body.Close()
	})
	return res, cancel
}

// webGoroutines counts goroutines running this package's stream code.
func webGoroutines() int {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "botrt/sim/web.(*Web)") {
			n++
		}
	}
	return n
}

func waitNoWebGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(testkit.Timeout)
	for webGoroutines() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d stream goroutines outlive their streams", webGoroutines())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEventsStreamHistoryLiveMessagesAndLog(t *testing.T) {
	srv := testkit.NewServer(t)
	bot := testkit.NewClient(t, srv, testkit.Name("Bot"))
	ctx := testkit.Context(t)
	alice, err := srv.People.Create(ctx, "15550001111", "Alice")
	if err != nil {
		t.Fatal(err)
	}
	bot.SendText(t, alice, "before the page opened")
	if _, err := srv.People.Wait(ctx, "15550001111", "", nil); err != nil {
		t.Fatal(err)
	}
	srv.Web.Publish(web.Entry{Bot: "echo", Kind: web.KindReload, Level: "error", Text: "SyntaxError", File: "bot.js", Line: 3})

	res, closeStream := openEvents(t, srv, "?phone=15550001111")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("status %d, content type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	events := readEvents(res.Body)

	var m people.Message
	if err := json.Unmarshal([]byte(next(t, events, "message").data), &m); err != nil || m.Text != "before the page opened" {
		t.Fatalf("history: %+v, %v", m, err)
	}
	var e web.Entry
	if err := json.Unmarshal([]byte(next(t, events, "log").data), &e); err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.Bot != "echo" || e.File != "bot.js" || e.Line != 3 || e.Kind != web.KindReload || e.Time.IsZero() {
		t.Fatalf("backlog entry %+v", e)
	}

	bot.SendText(t, alice, "live")
	if err := json.Unmarshal([]byte(next(t, events, "message").data), &m); err != nil || m.Text != "live" ||
		m.From != bot.UserJID().String() {
		t.Fatalf("live message %+v, %v", m, err)
	}
	srv.Web.Publish(web.Entry{Bot: "echo", Text: "hello"})
	if err := json.Unmarshal([]byte(next(t, events, "log").data), &e); err != nil || e.Text != "hello" || e.Seq != 2 ||
		e.Kind != web.KindLog || e.Level != "info" {
		t.Fatalf("live entry %+v, %v", e, err)
	}

	// The page going away ends the stream's goroutines.
	closeStream()
	waitNoWebGoroutines(t)
}

func TestEventsCloseEndsStreams(t *testing.T) {
	srv := testkit.NewServer(t)
	res, _ := openEvents(t, srv, "")
	events := readEvents(res.Body)
	srv.Web.Publish(web.Entry{Bot: "b", Text: "x"})
	next(t, events, "log")
	srv.Close(t) // must not wait for the open stream
	select {
	case _, ok := <-events:
		for ok {
			_, ok = <-events
		}
	case <-time.After(testkit.Timeout):
		t.Fatal("the stream stayed open after the simulator closed")
	}
	waitNoWebGoroutines(t)
}

func TestEventsRefusesUnknownPeople(t *testing.T) {
	srv := testkit.NewServer(t)
	for query, want := range map[string]int{"?phone=15550009999": http.StatusNotFound, "?phone=12": http.StatusNotFound} {
		res, _ := openEvents(t, srv, query)
		var body map[string]string
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != want || body["error"] == "" {
			t.Errorf("%s: status %d, body %v, %v; want %d with an error", query, res.StatusCode, body, err, want)
		}
	}
}

func TestPageIsServed(t *testing.T) {
	srv := testkit.NewServer(t)
	for path, want := range map[string]string{"/": "<div id=\"app\">", "/assets/app.js": "", "/assets/app.css": ":root"} {
		res, err := http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) || len(body) == 0 {
			t.Errorf("GET %s: %d, %d bytes, %v", path, res.StatusCode, len(body), err)
		}
	}
	res, err := http.Get(srv.URL() + "/nothing-here")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing-here: %d, want 404", res.StatusCode)
	}
}

func TestEventsStreamReceiptsAndTyping(t *testing.T) {
	srv := testkit.NewServer(t)
	bot := testkit.NewClient(t, srv, testkit.Name("Bot"))
	ctx := testkit.Context(t)
	if _, err := srv.People.Create(ctx, "15550001111", "Alice"); err != nil {
		t.Fatal(err)
	}
	res, _ := openEvents(t, srv, "?phone=15550001111")
	events := readEvents(res.Body)

	id, err := srv.People.Send(ctx, "15550001111", people.Outgoing{To: bot.UserJID().String(), Text: "read me"})
	if err != nil {
		t.Fatal(err)
	}
	got := bot.WaitMessage(t, testkit.Text("read me"))
	waitStatus := func(events <-chan sseEvent, state string) {
		t.Helper()
		var st struct {
			Chat, From, State string
			IDs               []string
		}
		for st.State != state {
			if err := json.Unmarshal([]byte(next(t, events, "status").data), &st); err != nil {
				t.Fatal(err)
			}
			if len(st.IDs) != 1 || st.IDs[0] != id || st.Chat != bot.UserJID().String() || st.From != bot.UserJID().String() {
				t.Fatalf("status %+v for message %s from %s", st, id, bot.UserJID())
			}
		}
	}
	waitStatus(events, "delivered")
	if err := bot.WA.MarkRead(ctx, []string{id}, time.Now(), got.Info.Chat, got.Info.Sender); err != nil {
		t.Fatal(err)
	}
	waitStatus(events, "read")

	// A page opened later is told the best status it missed.
	res2, _ := openEvents(t, srv, "?phone=15550001111")
	waitStatus(readEvents(res2.Body), "read")

	if err := bot.WA.SendChatPresence(ctx, got.Info.Chat, types.ChatPresenceComposing, ""); err != nil {
		t.Fatal(err)
	}
	var ty struct{ Chat, From, State string }
	if err := json.Unmarshal([]byte(next(t, events, "typing").data), &ty); err != nil || ty.State != "composing" ||
		ty.Chat != bot.UserJID().String() || ty.From != bot.UserJID().String() {
		t.Fatalf("typing %+v, %v", ty, err)
	}
}

func TestGroupLookup(t *testing.T) {
	srv := testkit.NewServer(t)
	bot := testkit.NewClient(t, srv, testkit.Name("Bot"))
	ctx := testkit.Context(t)
	alice, err := srv.People.Create(ctx, "15550001111", "Alice")
	if err != nil {
		t.Fatal(err)
	}
	g, err := bot.WA.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: "Club", Participants: []types.JID{alice}})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, map[string]any) {
		t.Helper()
		res, err := http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return res.StatusCode, body
	}
	status, body := get("/api/web/groups/" + g.JID.String())
	members, _ := body["members"].([]any)
	if status != http.StatusOK || body["subject"] != "Club" || body["jid"] != g.JID.String() || len(members) != 2 {
		t.Fatalf("group: %d %v", status, body)
	}
	for path, want := range map[string]int{
		"/api/web/groups/" + alice.String(): http.StatusBadRequest,
		"/api/web/groups/nonsense":          http.StatusBadRequest,
		"/api/web/groups/1234-5678@g.us":    http.StatusNotFound,
	} {
		if status, body := get(path); status != want || body["error"] == "" {
			t.Errorf("GET %s: %d %v, want %d with an error", path, status, body, want)
		}
	}
}
