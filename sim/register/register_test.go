package register_test

import (
	"encoding/json"
	"testing"

	"github.com/botrt/botrt/sim/register"
	"github.com/botrt/botrt/sim/testkit"
)

// TestRegistrationOverHTTP requests a code through the admin API, sees it listed, is refused with a
// wrong code, registers with the right one, and then pairs a whatsmeow client to the new number that
// receives a message.
func TestRegistrationOverHTTP(t *testing.T) {
	srv := testkit.NewServer(t)
	const phone = "4915112345678"

	code, body := srv.API(t, "POST", "/api/registrations", []byte(`{"phone":"+`+phone+`","method":"voice"}`))
	var reg register.Registration
	if code != 201 || json.Unmarshal(body, &reg) != nil || reg.Phone != phone || reg.Method != "voice" || len(reg.Code) != 6 {
		t.Fatalf("request: %d %s", code, body)
	}
	code, body = srv.API(t, "GET", "/api/registrations", nil)
	var pending []register.Registration
	if code != 200 || json.Unmarshal(body, &pending) != nil || len(pending) != 1 || pending[0].Code != reg.Code {
		t.Fatalf("list: %d %s", code, body)
	}

	wrong := "000000"
	if reg.Code == wrong {
		wrong = "111111"
	}
	if code, body := srv.API(t, "POST", "/api/registrations/verify", []byte(`{"phone":"`+phone+`","code":"`+wrong+`"}`)); code != 403 {
		t.Fatalf("wrong code: %d %s", code, body)
	}
	dashed := reg.Code[:3] + "-" + reg.Code[3:]
	if code, body := srv.API(t, "POST", "/api/registrations/verify", []byte(`{"phone":"`+phone+`","code":"`+dashed+`","name":"Nina"}`)); code != 201 {
		t.Fatalf("verify: %d %s", code, body)
	}
	if acct, err := srv.Server.Accounts().Account(phone); err != nil || acct.Name != "Nina" {
		t.Fatalf("registered account %+v %v", acct, err)
	}
	if code, _ := srv.API(t, "POST", "/api/registrations/verify", []byte(`{"phone":"`+phone+`","code":"`+reg.Code+`"}`)); code != 404 {
		t.Fatalf("reused code: %d, want 404", code)
	}
	if code, _ := srv.API(t, "POST", "/api/registrations", []byte(`{"phone":"`+phone+`"}`)); code != 409 {
		t.Fatalf("code for a registered number: %d, want 409", code)
	}
	for _, bad := range []string{`{"phone":"12ab"}`, `{"phone":"15550001","method":"pigeon"}`, `not json`} {
		if code, body := srv.API(t, "POST", "/api/registrations", []byte(bad)); code != 400 {
			t.Fatalf("%s: %d %s, want 400", bad, code, body)
		}
	}

	nina := testkit.NewClient(t, srv, testkit.Phone(phone), testkit.Name("Nina"))
	if nina.UserJID().User != phone {
		t.Fatalf("paired to %s, want %s", nina.UserJID(), phone)
	}
	bob := testkit.NewClient(t, srv)
	bob.SendText(t, nina.UserJID(), "welcome")
	nina.WaitMessage(t, testkit.Text("welcome"))
}
