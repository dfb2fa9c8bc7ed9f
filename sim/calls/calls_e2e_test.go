package calls_test

import (
	"testing"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/calls"
	"github.com/botrt/botrt/sim/testkit"
)

// TestOfferRejectTerminate rings both devices of an account from the Go API, rejects from one device
// with whatsmeow's RejectCall (the caller's device and the callee's other device are told), and ends a
// second call from the caller's side.
func TestOfferRejectTerminate(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	bob2 := testkit.NewClient(t, srv, testkit.SameAccount(bob))

	call, err := srv.Calls.Offer(testkit.Context(t), ann.UserJID(), bob.UserJID(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*testkit.Client{bob, bob2} {
		offer := testkit.WaitFor(t, c, func(e *events.CallOffer) bool { return e.CallID == call.ID })
		if offer.CallCreator != ann.UserJID() || offer.From.User != ann.UserJID().User {
			t.Fatalf("offer %+v", offer.BasicCallMeta)
		}
	}
	if err := bob.WA.RejectCall(testkit.Context(t), ann.UserJID(), call.ID); err != nil {
		t.Fatal(err)
	}
	ended, err := srv.Calls.Wait(testkit.Context(t), call.ID)
	if err != nil || ended.State != calls.StateRejected || ended.By != bob.JID() {
		t.Fatalf("call after reject %+v %v", ended, err)
	}
	rej := testkit.WaitFor(t, ann, func(e *events.CallReject) bool { return e.CallID == call.ID })
	if rej.From != bob.JID() {
		t.Fatalf("reject seen by the caller from %s", rej.From)
	}
	testkit.WaitFor(t, bob2, func(e *events.CallReject) bool { return e.CallID == call.ID })
	if err := bob.WA.RejectCall(testkit.Context(t), ann.UserJID(), "no-such-call"); err != nil {
		t.Fatal(err) // whatsmeow does not wait for the ack; the simulator answers it with error 400
	}

	second, err := srv.Calls.Offer(testkit.Context(t), ann.UserJID(), bob.UserJID(), false)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, bob, func(e *events.CallOffer) bool { return e.CallID == second.ID })
	if err := srv.Calls.Terminate(testkit.Context(t), second.ID); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, bob, func(e *events.CallTerminate) bool { return e.CallID == second.ID })
	if err := srv.Calls.Terminate(testkit.Context(t), second.ID); err == nil {
		t.Fatal("terminating an ended call succeeded")
	}
	if _, err := srv.Calls.Offer(testkit.Context(t), ann.UserJID(), ann.UserJID(), false); err == nil {
		t.Fatal("calling oneself succeeded")
	}
}
