package sim_test

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/botrt/botrt/sim/admin"
	"github.com/botrt/botrt/sim/testkit"
)

func TestAdminAPI(t *testing.T) {
	srv := testkit.NewServer(t)
	status, body := srv.API(t, http.MethodGet, "/api/root-key", nil)
	var key string
	if err := json.Unmarshal(body, &key); status != 200 || err != nil {
		t.Fatalf("root-key: %d %s", status, body)
	}
	pub := srv.Server.RootPublic()
	if key != hex.EncodeToString(pub[:]) {
		t.Fatalf("root-key %s, want %x", key, pub)
	}

	c := testkit.NewClient(t, srv, testkit.LinkOverHTTP(), testkit.Name("Web"))
	status, body = srv.API(t, http.MethodGet, "/api/accounts", nil)
	var accts []admin.AccountInfo
	if err := json.Unmarshal(body, &accts); status != 200 || err != nil {
		t.Fatalf("accounts: %d %s", status, body)
	}
	if len(accts) != 1 || accts[0].JID != c.UserJID().String() || accts[0].Name != "Web" || accts[0].Person ||
		len(accts[0].Devices) != 1 || !accts[0].Devices[0].Connected || accts[0].Devices[0].Connects != 1 ||
		accts[0].Devices[0].ConnectedSince == nil || !strings.HasSuffix(accts[0].LID, "@lid") {
		t.Fatalf("accounts: %s", body)
	}
	// Field names are a contract for tools.
	for _, field := range []string{`"jid"`, `"lid"`, `"name"`, `"person"`, `"devices"`, `"connected"`, `"connectedSince"`, `"connects"`} {
		if !strings.Contains(string(body), field) {
			t.Errorf("accounts JSON lacks %s: %s", field, body)
		}
	}

	for _, tc := range []struct {
		body   string
		status int
	}{
		{`not json`, 400},
		{`{}`, 400},
		{`{"qr": "a,b"}`, 400},
		{`{"qr": "2@nope,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`, 404},
		{`{"qr": "x", "extra": 1}`, 400},
	} {
		status, body := srv.API(t, http.MethodPost, "/api/link", []byte(tc.body))
		var e map[string]string
		if status != tc.status || json.Unmarshal(body, &e) != nil || e["error"] == "" {
			t.Errorf("POST /api/link %s: %d %s, want %d with a JSON error", tc.body, status, body, tc.status)
		}
	}
	if status, _ := srv.API(t, http.MethodGet, "/api/link", nil); status != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/link: %d", status)
	}
}
