package botrttest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// adminHTTP is the one client of every Admin, so a goroutine leak check can close its idle connections.
var adminHTTP = &http.Client{Timeout: time.Minute}

// CloseIdleAdminConnections closes the kept-alive connections of Admin calls: their goroutines would
// otherwise show up in a test's goroutine leak check.
func CloseIdleAdminConnections() { adminHTTP.CloseIdleConnections() }

// Admin is a user's curl against a running simulator's admin API at Base ("http://host:port"); a failed
// call ends the test T.
type Admin struct {
	T    testing.TB
	Base string
}

// Do sends body (JSON, if not nil) to path and decodes the answer into into (if not nil); any status
// but 200 fails the test with the simulator's error.
func (a Admin) Do(method, path string, body, into any) {
	a.T.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			a.T.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, a.Base+path, bytes.NewReader(raw))
	if err != nil {
		a.T.Fatal(err)
	}
	resp, err := adminHTTP.Do(req)
	if err != nil {
		a.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&e)
		a.T.Fatalf("%s %s: %s %v", method, path, resp.Status, e)
	}
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			a.T.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// AddPerson creates a simulated person.
func (a Admin) AddPerson(phone, name string) {
	a.T.Helper()
	a.Do(http.MethodPost, "/api/people", map[string]string{"phone": phone, "name": name}, nil)
}

// Send has the person send text to the chat to and returns the message id.
func (a Admin) Send(person, to, text string) string {
	a.T.Helper()
	var r struct{ ID string }
	a.Do(http.MethodPost, "/api/people/"+person+"/messages", map[string]string{"to": to, "text": text}, &r)
	return r.ID
}

// Received is the texts the person received, oldest first.
func (a Admin) Received(person string) []string {
	a.T.Helper()
	var msgs []struct{ Text string }
	a.Do(http.MethodGet, "/api/people/"+person+"/messages", nil, &msgs)
	texts := make([]string, len(msgs))
	for i, m := range msgs {
		texts[i] = m.Text
	}
	return texts
}

// WaitReply waits until the person received a text containing want.
func (a Admin) WaitReply(person, want string, within time.Duration) {
	a.T.Helper()
	Eventually(a.T, within, func() bool {
		for _, text := range a.Received(person) {
			if strings.Contains(text, want) {
				return true
			}
		}
		return false
	}, "%s to receive %q", person, want)
}

// Connects is how often the first device of the account with this phone has logged in to the simulator.
func (a Admin) Connects(phone string) int {
	a.T.Helper()
	var accts []struct {
		JID     string
		Devices []struct{ Connects int }
	}
	a.Do(http.MethodGet, "/api/accounts", nil, &accts)
	for _, acct := range accts {
		if strings.HasPrefix(acct.JID, phone+"@") && len(acct.Devices) > 0 {
			return acct.Devices[0].Connects
		}
	}
	a.T.Fatalf("account %s not in /api/accounts", phone)
	return 0
}
