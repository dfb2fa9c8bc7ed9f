package people_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// peopleGoroutines lists goroutines of people or of whatsmeow clients.
func peopleGoroutines() []string {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "botrt/sim/people.") || strings.Contains(g, "go.mau.fi/whatsmeow.") {
			out = append(out, g)
		}
	}
	return out
}

// waitID waits through the Go API until phone received message id (after message after).
func waitID(t testing.TB, svc *people.Service, phone, after, id string) people.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	m, err := svc.Wait(ctx, phone, after, func(m people.Message) bool { return m.ID == id })
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGoAPIAndClose drives people through the Go API, then closes the simulator and checks that no
// person's client or handler outlives it and that the API then refuses work.
func TestGoAPIAndClose(t *testing.T) {
	srv := testkit.NewServer(t)
	svc := srv.People
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	const a, b = "15550101010", "15550202020"
	for _, phone := range []string{a, b} {
		if _, err := svc.Create(ctx, phone, "p"+phone); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Create(ctx, "12", "short"); !errors.Is(err, people.ErrBadPhone) {
		t.Fatalf("bad phone: %v", err)
	}
	id, err := svc.Send(ctx, a, people.Outgoing{To: b, Text: "over Go"})
	if err != nil {
		t.Fatal(err)
	}
	if m := waitID(t, svc, b, "", id); m.Text != "over Go" || m.From != a+"@s.whatsapp.net" {
		t.Fatalf("got %+v", m)
	}
	// Wait also finds what arrived before it was called, and gives up with its context.
	if m := waitID(t, svc, b, "", id); m.ID != id {
		t.Fatalf("second wait got %+v", m)
	}
	short, stop := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = svc.Wait(short, b, id, func(m people.Message) bool { return m.Text == "never sent" })
	stop()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait for nothing: %v", err)
	}
	if len(peopleGoroutines()) == 0 {
		t.Fatal("no client goroutines seen while people are connected: the detector is broken")
	}
	srv.Close(t)
	if _, err := svc.Send(ctx, a, people.Outgoing{To: b, Text: "closed"}); !errors.Is(err, people.ErrNotRunning) {
		t.Fatalf("send after close: %v", err)
	}
	deadline := time.Now().Add(testkit.Timeout)
	for {
		left := peopleGoroutines()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines outlived the simulator, first:\n%s", len(left), left[0])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkTextRoundTrip measures one person's text reaching another and being recorded.
func BenchmarkTextRoundTrip(b *testing.B) {
	srv := testkit.NewServer(b)
	svc := srv.People
	ctx := context.Background()
	const from, to = "15550303030", "15550404040"
	for _, phone := range []string{from, to} {
		if _, err := svc.Create(ctx, phone, "p"+phone); err != nil {
			b.Fatal(err)
		}
	}
	last := ""
	b.ResetTimer()
	for range b.N {
		id, err := svc.Send(ctx, from, people.Outgoing{To: to, Text: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		waitID(b, svc, to, last, id)
		last = id
	}
}

// TestCreateConcurrently creates the same person from several goroutines: one account, one device.
func TestCreateConcurrently(t *testing.T) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	const phone = "15550606060"
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := srv.People.Create(ctx, phone, "Eve")
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	devs, err := srv.Server.Accounts().Devices(phone)
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) != 2 { // the virtual phone and the person's one companion
		t.Fatalf("%d devices, want the phone and one companion", len(devs))
	}
	if list := srv.People.List(); len(list) != 1 || list[0].Name != "Eve" {
		t.Fatalf("people: %+v", list)
	}
}
