package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
	"github.com/botrt/botrt/store"
)

// TestKillNine sends 500 messages to an echo bot under `botrt run --server`
// against `botrt sim`, SIGKILLs the bot process at a random point of the
// stream (right after a message is sent, so it may be mid-handling), sends a
// backlog to the offline bot and starts it again on the same data. In the
// end every message was handled exactly once (the bot's kv ledger holds each
// id once, with its text; repeated deliveries were skipped) and answered
// (the bot's outbox is empty and the person got every answer).
func TestKillNine(t *testing.T) {
	noLeaks(t)
	const total, backlog = 500, 20
	dir, _ := copyBots(t, "killnine")
	sim := start(t, dir, nil, "sim", "--listen", "127.0.0.1:0", "--data", "simstate")
	addr := "http://" + sim.waitOutput(t, listenRe)[1]
	api := botrttest.Admin{T: t, Base: addr}
	runArgs := []string{"run", "--server", addr, "--data", "botstate", "bots"}
	bot := start(t, dir, nil, runArgs...)
	phone := bot.waitOutput(t, linkedRe)[1]
	const person = "15550100"
	api.AddPerson(person, "P"+person)

	killAt := 50 + rand.IntN(total-100-backlog)
	t.Logf("SIGKILL after message %d of %d", killAt, total)
	ids := make(map[string]string, total) // message id → text
	send := func(i int) string {
		text := fmt.Sprintf("m%03d", i)
		ids[api.Send(person, phone, text)] = text
		return text
	}
	for i := 0; i < total; i++ {
		text := send(i)
		if i == killAt {
			// Killed while this message is in flight or in its handler.
			bot.Kill()
			for range backlog { // these wait in the simulator's offline queue
				i++
				send(i)
			}
			bot = start(t, dir, nil, runArgs...)
			for j := killAt; j <= i; j++ {
				api.WaitReply(person, fmt.Sprintf("ack m%03d", j), 2*time.Minute)
			}
			continue
		}
		// The person waits for each answer: a person whose messages cross
		// the bot's answers loses some to "old counter" decrypt failures
		// (a simulator/session finding reported separately, not botrt's
		// crash safety under test here).
		api.WaitReply(person, "ack "+text, time.Minute)
	}
	if len(ids) != total {
		t.Fatalf("the simulator gave %d distinct ids for %d messages", len(ids), total)
	}

	eventually(t, time.Minute, func() bool { return answered(api.Received(person)) == total }, "all %d answers", total)
	got := api.Received(person)
	bot.Interrupt(t)
	sim.Interrupt(t)

	replies := map[string]int{}
	for _, r := range got {
		replies[r]++
	}
	dup := 0
	for _, text := range ids {
		switch n := replies["ack "+text]; {
		case n == 0:
			t.Errorf("%s was not answered", text)
		case n > 1:
			dup += n - 1
		}
	}
	t.Logf("answers repeated after the crash: %d", dup)
	checkLedger(t, filepath.Join(dir, "botstate", "bots", "store"), ids)
}

var ackRe = regexp.MustCompile(`^ack m\d{3}$`)

// answered counts the distinct acks received.
func answered(texts []string) int {
	seen := map[string]bool{}
	for _, s := range texts {
		if ackRe.MatchString(s) {
			seen[s] = true
		}
	}
	return len(seen)
}

// checkLedger opens the stopped bot's store and checks that its ledger holds
// exactly the sent ids, each with its own text.
func checkLedger(t *testing.T, dir string, ids map[string]string) {
	t.Helper()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kv, err := db.KV("echo")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := kv.Keys("h:")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(ids) {
		t.Errorf("ledger holds %d ids, %d were sent", len(keys), len(ids))
	}
	for _, k := range keys {
		id := strings.TrimPrefix(k, "h:")
		raw, _, err := kv.Get(k)
		if err != nil {
			t.Fatal(err)
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil || text != ids[id] {
			t.Errorf("ledger %s = %s (%v); sent %q", id, raw, err, ids[id])
		}
	}
	if out, err := kv.Keys("out:"); err != nil || len(out) != 0 {
		t.Errorf("answers still in the outbox: %v (%v)", out, err)
	}
	again, err := kv.Keys("again:")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("deliveries repeated after the crash and skipped by the ledger: %d", len(again))
}
