package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// admin is a user's curl against the simulator's admin API.
type admin struct {
	t    testing.TB
	base string
}

var httpClient = &http.Client{Timeout: time.Minute}

func (a admin) do(method, path string, body, into any) {
	a.t.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			a.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(raw))
	if err != nil {
		a.t.Fatal(err)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&e)
		a.t.Fatalf("%s %s: %s %v", method, path, resp.Status, e)
	}
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			a.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// addPerson creates a simulated person.
func (a admin) addPerson(phone string) {
	a.t.Helper()
	a.do(http.MethodPost, "/api/people", map[string]string{"phone": phone, "name": "P" + phone}, nil)
}

// send has the person send text to the bot and returns the message id.
func (a admin) send(person, to, text string) string {
	a.t.Helper()
	var r struct{ ID string }
	a.do(http.MethodPost, "/api/people/"+person+"/messages", map[string]string{"to": to, "text": text}, &r)
	return r.ID
}

// received is the texts the person received, oldest first.
func (a admin) received(person string) []string {
	a.t.Helper()
	var msgs []struct{ Text string }
	a.do(http.MethodGet, "/api/people/"+person+"/messages", nil, &msgs)
	texts := make([]string, len(msgs))
	for i, m := range msgs {
		texts[i] = m.Text
	}
	return texts
}

// waitReply waits until the person received a text containing want.
func (a admin) waitReply(person, want string, within time.Duration) {
	a.t.Helper()
	eventually(a.t, within, func() bool { return contains(a.received(person), want) }, "%s to receive %q", person, want)
}
