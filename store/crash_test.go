package store_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/botrt/botrt/store"
	"go.mau.fi/whatsmeow/proto/waAdv"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

var crashRuns = flag.Int("crash.runs", 12, "how many times TestCrashDurability SIGKILLs the writer process, per store mode (plain, encrypted)")

// Environment of the crash child: the test binary run again, as a writer instead of a test runner.
const (
	envCrashDir    = "BOTRT_CRASH_CHILD_DIR"
	envCrashBase   = "BOTRT_CRASH_CHILD_BASE"   // first write id of this run (runs never reuse ids)
	envCrashNoSync = "BOTRT_CRASH_CHILD_NOSYNC" // "1": open with Options.NoSync
	envCrashKey    = "BOTRT_CRASH_CHILD_KEY"    // hex encryption key, empty for a plain store
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(envCrashDir); dir != "" {
		os.Exit(crashChild(dir))
	}
	os.Exit(m.Run())
}

var crashJID = types.JID{User: "100", Device: 1, Server: types.DefaultUserServer}

// crashSession is the session stored at write id i: its length varies so that records straddle
// badger's block and file boundaries differently.
func crashSession(i int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("session-%d;", i)), 1+i%150)
}

// crashChild writes until it is killed. Two goroutines store sessions one by one, sessions in
// batches, decryption transactions (session and buffered event together) and pre-keys; after each
// write returns success it prints one acknowledgement line to stdout (a pipe; os.Stdout is unbuffered
// so the line is with the parent before the next write starts):
//
//	S <id>              session "<id>:0" holds crashSession(id)
//	M <id>              sessions "<id>_<j>:0", j<10, hold crashSession(id+j)
//	D <id>              session "<id>:1" holds crashSession(id), event hash(id) buffered with it
//	K <id> <priv hex>   pre-key <id> exists with that private key
//	U <id>              every pre-key up to <id> is marked uploaded
func crashChild(dir string) int {
	base, err := strconv.Atoi(os.Getenv(envCrashBase))
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child: bad base:", err)
		return 2
	}
	key, err := hex.DecodeString(os.Getenv(envCrashKey))
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child: bad key:", err)
		return 2
	}
	ctx := context.Background()
	db, err := store.Open(dir, store.Options{
		EncryptionKey: key,
		NoSync:        os.Getenv(envCrashNoSync) == "1",
		Logger:        slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child: open:", err)
		return 2
	}
	c := store.NewContainer(db, nil)
	dev, err := c.GetDevice(ctx, crashJID)
	if err == nil && dev == nil {
		dev = c.NewDevice()
		jid := crashJID
		dev.ID = &jid
		dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte("d"), AccountSignature: make([]byte, 64), AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
		err = dev.Save(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child: device:", err)
		return 2
	}
	var out sync.Mutex
	ack := func(format string, args ...any) {
		out.Lock()
		defer out.Unlock()
		if _, err := fmt.Fprintf(os.Stdout, format+"\n", args...); err != nil {
			os.Exit(3) // the parent is gone
		}
	}
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "crash child: %s: %v\n", what, err)
		os.Exit(2)
	}
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				id := base + (2*n+g)*10
				switch {
				case g == 1 && n%10 == 3:
					ks, err := dev.PreKeys.GetOrGenPreKeys(ctx, 5)
					if err != nil {
						fail("GetOrGenPreKeys", err)
					}
					for _, k := range ks {
						ack("K %d %x", k.KeyID, k.Priv[:])
					}
					if err := dev.PreKeys.MarkPreKeysAsUploaded(ctx, ks[len(ks)-1].KeyID); err != nil {
						fail("MarkPreKeysAsUploaded", err)
					}
					ack("U %d", ks[len(ks)-1].KeyID)
				case n%5 == 1:
					batch := make(map[string][]byte, 10)
					for j := range 10 {
						batch[fmt.Sprintf("%d_%d:0", id, j)] = crashSession(id + j)
					}
					if err := dev.Sessions.PutManySessions(ctx, batch); err != nil {
						fail("PutManySessions", err)
					}
					ack("M %d", id)
				case n%5 == 2:
					err := dev.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
						if err := dev.Sessions.PutSession(ctx, fmt.Sprintf("%d:1", id), crashSession(id)); err != nil {
							return err
						}
						return dev.EventBuffer.PutBufferedEvent(ctx, crashHash(id), crashSession(id), time.Unix(int64(id), 0))
					})
					if err != nil {
						fail("DoDecryptionTxn", err)
					}
					ack("D %d", id)
				default:
					if err := dev.Sessions.PutSession(ctx, fmt.Sprintf("%d:0", id), crashSession(id)); err != nil {
						fail("PutSession", err)
					}
					ack("S %d", id)
				}
			}
		}()
	}
	wg.Wait()
	return 0
}

func crashHash(id int) (h [32]byte) {
	copy(h[:], fmt.Sprintf("hash-%d", id))
	return h
}

// crashAcks accumulates what children acknowledged, over every run.
type crashAcks struct {
	lines    []string
	uploaded uint32
}

// TestCrashDurability kills a writing process with SIGKILL at random points, many times, and after
// each kill opens the store and requires every write the child saw succeed (in this run and all
// earlier ones) to be there and readable. Runs alternate between the default (fsync on commit) and
// Options.NoSync, whose promise is exactly this: safe against a process crash. It is done for a plain
// and for an encrypted store (whose key registry must survive the kills too).
func TestCrashDurability(t *testing.T) {
	if *crashRuns <= 0 {
		t.Skip("crash.runs is 0")
	}
	for _, mode := range []struct {
		name string
		key  []byte
	}{{"plain", nil}, {"encrypted", bytes.Repeat([]byte{0x5a}, 32)}} {
		t.Run(mode.name, func(t *testing.T) {
			dir := t.TempDir()
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
			acks := &crashAcks{}
			for run := range *crashRuns {
				child := crashChildSpec{dir: dir, base: (run + 1) * 10_000_000, noSync: run%2 == 1, key: mode.key}
				acks.lines = append(acks.lines, runCrashChild(t, child, rng)...)
				if t.Failed() {
					return
				}
				verifyCrashAcks(t, child, acks, run)
				if t.Failed() {
					return
				}
			}
			t.Logf("%d kills, %d acknowledged writes verified", *crashRuns, len(acks.lines))
		})
	}
}

// crashChildSpec is one writer run.
type crashChildSpec struct {
	dir    string
	base   int // first write id
	noSync bool
	key    []byte
}

// runCrashChild starts a writer, kills it at a random point and returns the complete lines it
// acknowledged. A third of the kills land in the first milliseconds (opening and recovery); the
// others after a random number of acknowledged writes.
func runCrashChild(t *testing.T, c crashChildSpec, rng *rand.Rand) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	nosync := "0"
	if c.noSync {
		nosync = "1"
	}
	cmd.Env = append(os.Environ(), envCrashDir+"="+c.dir, envCrashBase+"="+strconv.Itoa(c.base),
		envCrashNoSync+"="+nosync, envCrashKey+"="+hex.EncodeToString(c.key))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killAfter := -1 // acknowledged lines; -1: kill on a timer instead
	var timer *time.Timer
	if rng.IntN(3) == 0 {
		timer = time.AfterFunc(time.Duration(rng.IntN(40))*time.Millisecond, func() { _ = cmd.Process.Kill() })
	} else {
		killAfter = 1 + rng.IntN(400)
	}
	// A child that stalls is killed by this deadline and reported below.
	deadline := time.AfterFunc(20*time.Second, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()

	var lines []string
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if err != io.EOF {
				t.Errorf("read child output: %v", err)
			}
			break // a partial last line is a write the child never acknowledged
		}
		lines = append(lines, strings.TrimSuffix(line, "\n"))
		if len(lines) == killAfter {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	if timer != nil {
		timer.Stop()
	}
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die by SIGKILL (%v); stderr:\n%s", err, stderr.String())
	}
	return lines
}

// verifyCrashAcks opens the store the way a restarted bot would and checks every acknowledged write.
func verifyCrashAcks(t *testing.T, c crashChildSpec, acks *crashAcks, run int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(c.dir, store.Options{EncryptionKey: c.key, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("run %d: store does not open after SIGKILL: %v\nfiles: %s", run, err, listDir(c.dir))
	}
	defer func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}()
	dev, err := store.NewContainer(db, nil).GetDevice(ctx, crashJID)
	if err != nil {
		t.Fatalf("run %d: load device: %v", run, err)
	}
	if dev == nil {
		if len(acks.lines) > 0 {
			t.Fatalf("run %d: device lost after %d acknowledged writes", run, len(acks.lines))
		}
		return
	}
	session := func(addr string, want []byte, line string) {
		got, err := dev.Sessions.GetSession(ctx, addr)
		if err != nil {
			t.Fatalf("run %d: %s: GetSession %s: %v", run, line, addr, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("run %d: acknowledged %q but session %s is %.40q", run, line, addr, got)
		}
	}
	for _, line := range acks.lines {
		f := strings.Fields(line)
		if len(f) < 2 {
			t.Fatalf("bad acknowledgement %q", line)
		}
		id, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("bad acknowledgement %q: %v", line, err)
		}
		switch f[0] {
		case "S":
			session(fmt.Sprintf("%d:0", id), crashSession(id), line)
		case "M":
			for j := range 10 {
				session(fmt.Sprintf("%d_%d:0", id, j), crashSession(id+j), line)
			}
		case "D":
			session(fmt.Sprintf("%d:1", id), crashSession(id), line)
			ev, err := dev.EventBuffer.GetBufferedEvent(ctx, crashHash(id))
			if err != nil || ev == nil || !bytes.Equal(ev.Plaintext, crashSession(id)) {
				t.Errorf("run %d: acknowledged %q but buffered event is %v (%v)", run, line, ev, err)
			}
		case "K":
			k, err := dev.PreKeys.GetPreKey(ctx, uint32(id))
			if err != nil || k == nil || hex.EncodeToString(k.Priv[:]) != f[2] {
				t.Errorf("run %d: acknowledged %q but pre-key is %v (%v)", run, line, k, err)
			}
		case "U":
			acks.uploaded = max(acks.uploaded, uint32(id))
		}
	}
	// Keys are never removed here, so every key up to the highest acknowledged mark is uploaded.
	n, err := dev.PreKeys.UploadedPreKeyCount(ctx)
	if err != nil {
		t.Fatalf("run %d: UploadedPreKeyCount: %v", run, err)
	}
	if n < int(acks.uploaded) {
		t.Errorf("run %d: %d pre-keys uploaded, acknowledged marks cover %d", run, n, acks.uploaded)
	}
	verifyUploadedUpTo(t, ctx, dev, acks.uploaded, run)
}

// verifyUploadedUpTo checks that no key at or below the acknowledged mark is handed out for upload
// again (GetOrGenPreKeys returns the lowest not-uploaded keys).
func verifyUploadedUpTo(t *testing.T, ctx context.Context, dev *wastore.Device, upTo uint32, run int) {
	t.Helper()
	if upTo == 0 {
		return
	}
	ks, err := dev.PreKeys.GetOrGenPreKeys(ctx, 1)
	if err != nil {
		t.Fatalf("run %d: GetOrGenPreKeys: %v", run, err)
	}
	if ks[0].KeyID <= upTo {
		t.Errorf("run %d: pre-key %d is pending upload although marks up to %d were acknowledged", run, ks[0].KeyID, upTo)
	}
}

// listDir describes a badger directory's files for a failure message.
func listDir(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			fmt.Fprintf(&b, "%s(%d) ", e.Name(), info.Size())
		}
	}
	return b.String()
}

// TestOpenAfterKillDuringFileCreation reproduces, deterministically, the crash TestCrashDurability
// found by chance: a process killed between badger creating a value-log or memtable file and
// writing its header leaves an empty file, and the store must still open with its data intact.
func TestOpenAfterKillDuringFileCreation(t *testing.T) {
	for _, name := range []string{"000099.vlog", "00099.mem"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			quiet := store.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			db, err := store.Open(dir, quiet)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			dev := store.NewContainer(db, nil).NewDevice()
			jid := crashJID
			dev.ID = &jid
			dev.Account = &waAdv.ADVSignedDeviceIdentity{AccountSignature: make([]byte, 64), AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
			if err := dev.Save(ctx); err != nil {
				t.Fatal(err)
			}
			if err := dev.Sessions.PutSession(ctx, "200:0", []byte("kept")); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err = store.Open(dir, quiet)
			if err != nil {
				t.Fatalf("store does not open after a kill during file creation: %v", err)
			}
			defer db.Close()
			dev, err = store.NewContainer(db, nil).GetDevice(ctx, crashJID)
			if err != nil || dev == nil {
				t.Fatalf("device after reopen: %v, %v", dev, err)
			}
			if s, err := dev.Sessions.GetSession(ctx, "200:0"); err != nil || string(s) != "kept" {
				t.Errorf("session after reopen: %q, %v", s, err)
			}
		})
	}
}
