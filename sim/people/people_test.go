package people_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/admin"
	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// call posts or gets path on the admin API and decodes the answer into out (if not nil), failing the
// test unless the status is want.
func call(t *testing.T, srv *testkit.Server, method, path string, body any, want int, out any) {
	t.Helper()
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	status, resp := srv.API(t, method, path, data)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, resp)
	}
	if out != nil {
		if err := json.Unmarshal(resp, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, resp)
		}
	}
}

func createPerson(t *testing.T, srv *testkit.Server, phone, name string) string {
	t.Helper()
	var resp struct{ JID string }
	call(t, srv, http.MethodPost, "/api/people", map[string]string{"phone": phone, "name": name}, http.StatusOK, &resp)
	if want := phone + "@s.whatsapp.net"; resp.JID != want {
		t.Fatalf("created %s, want %s", resp.JID, want)
	}
	return resp.JID
}

func send(t *testing.T, srv *testkit.Server, phone string, body map[string]any) string {
	t.Helper()
	var resp struct{ ID string }
	call(t, srv, http.MethodPost, "/api/people/"+phone+"/messages", body, http.StatusOK, &resp)
	if resp.ID == "" {
		t.Fatalf("send from %s: no id", phone)
	}
	return resp.ID
}

// waitReceived polls phone's received messages until it holds n, and returns them.
func waitReceived(t *testing.T, srv *testkit.Server, phone string, n int) []people.Message {
	t.Helper()
	deadline := time.Now().Add(testkit.Timeout)
	for {
		var msgs []people.Message
		call(t, srv, http.MethodGet, "/api/people/"+phone+"/messages", nil, http.StatusOK, &msgs)
		if len(msgs) >= n {
			if len(msgs) > n {
				t.Fatalf("%s received %d messages, want %d: %+v", phone, len(msgs), n, msgs)
			}
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s received %d messages within %s, want %d: %+v", phone, len(msgs), testkit.Timeout, n, msgs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPeopleExchangeOverHTTP(t *testing.T) {
	srv := testkit.NewServer(t)
	const a, b = "15550001111", "15550002222"
	aJID := createPerson(t, srv, a, "Alice")
	bJID := createPerson(t, srv, b, "Bob")
	createPerson(t, srv, a, "Alice") // idempotent

	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 300)...)
	pdf := []byte("%PDF-1.4 a small document")
	textID := send(t, srv, a, map[string]any{"to": b, "text": "hello bob"})
	imageID := send(t, srv, a, map[string]any{"to": bJID, "image": base64.StdEncoding.EncodeToString(png), "caption": "a picture"})
	docID := send(t, srv, a, map[string]any{"to": b, "document": base64.StdEncoding.EncodeToString(pdf),
		"mimetype": "application/pdf", "fileName": "report.pdf", "caption": "the report"})
	replyID := send(t, srv, a, map[string]any{"to": b, "text": "as I said", "quoted": textID})
	mentionID := send(t, srv, a, map[string]any{"to": b, "text": "hi @" + b, "mentions": []string{b}})

	msgs := waitReceived(t, srv, b, 5)
	want := []people.Message{
		{ID: textID, Type: "text", Text: "hello bob"},
		{ID: imageID, Type: "image", Caption: "a picture", Media: &people.Media{Mimetype: "image/png", Size: len(png),
			URL: "/api/people/" + b + "/media/" + imageID}},
		{ID: docID, Type: "document", Caption: "the report", Media: &people.Media{Mimetype: "application/pdf", Size: len(pdf),
			URL: "/api/people/" + b + "/media/" + docID, FileName: "report.pdf"}},
		{ID: replyID, Type: "text", Text: "as I said", Quoted: textID},
		{ID: mentionID, Type: "text", Text: "hi @" + b, Mentions: []string{bJID}},
	}
	for i, m := range msgs {
		w := want[i]
		w.Chat, w.From, w.PushName, w.Timestamp = aJID, aJID, "Alice", m.Timestamp
		if d := time.Since(time.Unix(m.Timestamp, 0)); d < -time.Minute || d > time.Minute {
			t.Errorf("message %d: timestamp %d is not now", i, m.Timestamp)
		}
		got, _ := json.Marshal(m)
		exp, _ := json.Marshal(w)
		if !bytes.Equal(got, exp) {
			t.Errorf("message %d:\n got %s\nwant %s", i, got, exp)
		}
	}
	// The raw JSON has the documented field names.
	_, raw := srv.API(t, http.MethodGet, "/api/people/"+b+"/messages?after="+docID, nil)
	var generic []map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil || len(generic) != 2 {
		t.Fatalf("after=%s: %v %s", docID, err, raw)
	}
	if generic[0]["id"] != replyID || generic[0]["quoted"] != textID || generic[0]["chat"] != aJID || generic[0]["from"] != aJID {
		t.Errorf("reply as JSON: %s", raw)
	}

	// Media is served as downloaded.
	for id, data := range map[string][]byte{imageID: png, docID: pdf} {
		status, body := srv.API(t, http.MethodGet, "/api/people/"+b+"/media/"+id, nil)
		if status != http.StatusOK || !bytes.Equal(body, data) {
			t.Errorf("media %s: status %d, %d bytes, want %d", id, status, len(body), len(data))
		}
	}

	// Bob reacts to the image and replies to it; Alice sees both, with the quoted image.
	reactID := send(t, srv, b, map[string]any{"react": map[string]string{"id": imageID, "emoji": "👍"}})
	send(t, srv, b, map[string]any{"to": a, "text": "nice", "quoted": imageID})
	got := waitReceived(t, srv, a, 2)
	if got[0].ID != reactID || got[0].Type != "reaction" || got[0].React == nil || *got[0].React != (people.Reaction{ID: imageID, Emoji: "👍"}) {
		t.Errorf("reaction: %+v", got[0])
	}
	if got[1].Quoted != imageID || got[1].From != bJID {
		t.Errorf("reply to own image: %+v", got[1])
	}

	var list []people.Info
	call(t, srv, http.MethodGet, "/api/people", nil, http.StatusOK, &list)
	if len(list) != 2 || list[0].JID != aJID || list[1].Name != "Bob" || !list[0].Connected {
		t.Errorf("people: %+v", list)
	}
}

// TestPeopleOnAccounts checks that people are marked as such, and a client linked by QR is not.
func TestPeopleOnAccounts(t *testing.T) {
	srv := testkit.NewServer(t)
	pJID := createPerson(t, srv, "15550003333", "Carol")
	bot := testkit.NewClient(t, srv, testkit.LinkOverHTTP())
	var accts []admin.AccountInfo
	call(t, srv, http.MethodGet, "/api/accounts", nil, http.StatusOK, &accts)
	seen := map[string]bool{}
	for _, acct := range accts {
		seen[acct.JID] = acct.Person
		if acct.JID == pJID && (len(acct.Devices) != 1 || !acct.Devices[0].Connected) {
			t.Errorf("person's devices: %+v", acct.Devices)
		}
	}
	if person, ok := seen[pJID]; !ok || !person {
		t.Errorf("person %s: listed %v, person %v", pJID, ok, person)
	}
	if person, ok := seen[bot.UserJID().String()]; !ok || person {
		t.Errorf("client %s: listed %v, person %v", bot.UserJID(), ok, person)
	}
	// A person cannot be made of a client's account.
	var e struct{ Error string }
	call(t, srv, http.MethodPost, "/api/people", map[string]string{"phone": bot.UserJID().User}, http.StatusConflict, &e)
	if e.Error == "" {
		t.Error("no error text")
	}
}

func TestPeopleSurviveRestart(t *testing.T) {
	srv := testkit.NewServer(t)
	const a, b = "15550004444", "15550005555"
	createPerson(t, srv, a, "Alice")
	createPerson(t, srv, b, "Bob")
	first := send(t, srv, a, map[string]any{"to": b, "text": "before"})
	waitReceived(t, srv, b, 1)

	srv.Restart(t)
	second := send(t, srv, a, map[string]any{"to": b, "text": "after"})
	msgs := waitReceived(t, srv, b, 2)
	if msgs[0].ID != first || msgs[1].ID != second || msgs[1].Text != "after" {
		t.Fatalf("after restart: %+v", msgs)
	}
	send(t, srv, b, map[string]any{"to": a, "text": "back", "quoted": first})
	if got := waitReceived(t, srv, a, 1); got[0].Quoted != first {
		t.Fatalf("reply after restart: %+v", got)
	}
	var accts []admin.AccountInfo
	call(t, srv, http.MethodGet, "/api/accounts", nil, http.StatusOK, &accts)
	for _, acct := range accts {
		if len(acct.Devices) != 1 {
			t.Errorf("%s has %d companions after restart, want the one it paired", acct.JID, len(acct.Devices))
		}
	}
}

func TestPeopleGroup(t *testing.T) {
	srv := testkit.NewServer(t)
	const a, b = "15550006666", "15550007777"
	createPerson(t, srv, a, "Alice")
	bJID := createPerson(t, srv, b, "Bob")
	bot := testkit.NewClient(t, srv)
	var resp struct{ JID string }
	call(t, srv, http.MethodPost, "/api/groups", map[string]any{"creator": a, "subject": "team",
		"participants": []string{bJID, bot.UserJID().String()}}, http.StatusOK, &resp)
	if resp.JID == "" {
		t.Fatal("no group JID")
	}
	fromA := send(t, srv, a, map[string]any{"to": resp.JID, "text": "from alice"})
	fromB := send(t, srv, b, map[string]any{"to": resp.JID, "text": "from bob", "mentions": []string{a}})
	bot.WaitMessage(t, testkit.Text("from alice"))
	bot.WaitMessage(t, testkit.Text("from bob"))
	got := waitReceived(t, srv, b, 1)
	if got[0].ID != fromA || got[0].Chat != resp.JID || got[0].From != a+"@s.whatsapp.net" {
		t.Errorf("bob got %+v", got[0])
	}
	if got := waitReceived(t, srv, a, 1); got[0].ID != fromB || got[0].Chat != resp.JID || len(got[0].Mentions) != 1 || got[0].Mentions[0] != a+"@s.whatsapp.net" {
		t.Errorf("alice got %+v", got[0])
	}
	// A reaction in a group names the author of the message it is on.
	send(t, srv, b, map[string]any{"react": map[string]string{"id": fromA, "emoji": "🎉"}})
	evt := bot.WaitMessage(t, func(m *events.Message) bool { return m.Message.GetReactionMessage() != nil })
	key := evt.Message.GetReactionMessage().GetKey()
	if evt.Info.Chat.String() != resp.JID || key.GetID() != fromA || key.GetFromMe() || key.GetParticipant() != a+"@s.whatsapp.net" {
		t.Errorf("group reaction: chat %s key %v", evt.Info.Chat, key)
	}
	if got := waitReceived(t, srv, a, 2); got[1].Type != "reaction" || got[1].React.ID != fromA || got[1].Chat != resp.JID {
		t.Errorf("alice got %+v", got[1])
	}
}

func TestPeopleBadRequests(t *testing.T) {
	srv := testkit.NewServer(t)
	const a = "15550008888"
	createPerson(t, srv, a, "Alice")
	cases := []struct {
		method, path, body string
		want               int
	}{
		{"POST", "/api/people", `{"phone":"12ab","name":"x"}`, 400},
		{"POST", "/api/people", `{"phone":"1"}`, 400},
		{"POST", "/api/people", `not json`, 400},
		{"POST", "/api/people", `{"phone":"15550009999","extra":1}`, 400},
		{"POST", "/api/people/15550000000/messages", `{"to":"15550008888","text":"x"}`, 404},
		{"POST", "/api/people/" + a + "/messages", `{"to":"15550008888"}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"x@y@z","text":"x"}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"abc","text":"x"}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"15550001234","text":"x","image":"aGk="}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"15550001234","image":"%%%"}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"15550001234","text":"x","caption":"c"}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"15550001234","text":"x","quoted":"NOPE"}`, 404},
		{"POST", "/api/people/" + a + "/messages", `{"react":{"id":"NOPE","emoji":"x"}}`, 404},
		{"POST", "/api/people/" + a + "/messages", `{"react":{"emoji":"x"}}`, 400},
		{"POST", "/api/people/" + a + "/messages", `{"to":"15550001234","text":"x","mentions":["bad"]}`, 400},
		{"GET", "/api/people/" + a + "/messages?after=NOPE", ``, 404},
		{"GET", "/api/people/15550000000/messages", ``, 404},
		{"GET", "/api/people/" + a + "/media/NOPE", ``, 404},
		{"POST", "/api/groups", `{"creator":"15550000000","subject":"s","participants":[]}`, 404},
		{"POST", "/api/groups", `{"creator":"` + a + `","subject":"","participants":[]}`, 400},
		{"POST", "/api/groups", `{"creator":"` + a + `","subject":"s","participants":["120363000000000000@g.us"]}`, 400},
		{"POST", "/api/groups", `{"creator":"` + a + `","subject":"s","participants":"nope"}`, 400},
	}
	for _, c := range cases {
		status, body := srv.API(t, c.method, c.path, []byte(c.body))
		var e struct{ Error string }
		if status != c.want || json.Unmarshal(body, &e) != nil || e.Error == "" {
			t.Errorf("%s %s %s: status %d, body %s; want %d with a JSON error", c.method, c.path, c.body, status, body, c.want)
		}
	}
}
