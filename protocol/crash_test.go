package protocol

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

// Environment of the crash child (see TestCrashChild).
const (
	crashChildEnv = "BOTRT_PROTOCOL_CRASH_CHILD" // the store directory
	crashSimEnv   = "BOTRT_PROTOCOL_CRASH_SIM"   // simulator address
	crashKeyEnv   = "BOTRT_PROTOCOL_CRASH_KEY"   // simulator root key, hex
)

// TestCrashChild is the process that gets killed: it opens the paired session from the store in
// the directory it is given (with synced writes, as in production), connects, says OPEN on
// stdout and receives until it is killed. It is skipped unless started by TestSessionKill9.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("only runs as the child of TestSessionKill9")
	}
	key, err := hex.DecodeString(os.Getenv(crashKeyEnv))
	if err != nil || len(key) != 32 {
		t.Fatalf("bad root key: %v", err)
	}
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewManager(db, store.NewContainer(db, nil), Options{
		Endpoint: Endpoint{SimAddr: os.Getenv(crashSimEnv), RootKey: [32]byte(key)},
		Log:      testLog(),
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.Open(context.Background(), "bot")
	if err != nil {
		t.Fatal(err)
	}
	waitOpen(t, s)
	fmt.Println("OPEN")
	select {} // until SIGKILL
}

// kill -9 of the process while messages stream in: after a restart every message is in the queue
// exactly once, none lost (the server redelivers what was not acknowledged) and none doubled
// (what was queued but not acknowledged is deduplicated by id).
func TestSessionKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	srv := testkit.NewServer(t)
	dir := t.TempDir()

	// Pair once, cleanly, then hand the store to the child.
	e := openEnv(t, srv, dir, nil)
	s := openPaired(t, e, srv)
	me := s.Status().Me.ID.ToNonAD()
	testkit.WaitDevicesAcked(t, srv, s.Status().Me.ID) // the phone's key share and history bootstrap
	e.close()

	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	key := srv.Server.RootPublic()
	child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	child.Env = append(os.Environ(), crashChildEnv+"="+dir, crashSimEnv+"="+srv.Addr(), crashKeyEnv+"="+hex.EncodeToString(key[:]))
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
	opened := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "OPEN" {
				close(opened)
				break
			}
		}
		for sc.Scan() { // drain until the child dies
		}
	}()
	select {
	case <-opened:
	case <-time.After(testkit.Timeout):
		t.Fatal("child never connected")
	}

	const total, killAfter = 40, 15
	for i := range total {
		if i == killAfter {
			if err := child.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = child.Wait()
		}
		alice.SendText(t, me, fmt.Sprintf("msg %02d", i))
	}

	e = openEnv(t, srv, dir, nil)
	s, err = e.m.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Paired() {
		t.Fatal("the kill lost the pairing")
	}
	sub, err := s.Subscribe(ctx, "bot", store.JoinOldest)
	if err != nil {
		t.Fatal(err)
	}
	waitOpen(t, s)
	seen := map[string]int{}
	for len(seen) < total {
		d, text, kind := nextText(t, sub)
		if kind != "notify" {
			t.Fatalf("%q arrived as %s", text, kind)
		}
		seen[text]++
		if seen[text] > 1 {
			t.Fatalf("%q queued twice", text)
		}
		if err := sub.Done(ctx, d.Seq); err != nil {
			t.Fatal(err)
		}
	}
	alice.SendText(t, me, "marker")
	if _, text, _ := nextText(t, sub); text != "marker" {
		t.Fatalf("after all %d messages came %q (a duplicate?)", total, text)
	}
	testkit.WaitDevicesAcked(t, srv, s.Status().Me.ID)
}
