package storetest

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waAdv"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// env is one scenario's run on one backend: the open store, the scenario's transcript (what gets
// compared across backends) and helpers that fail the test on unexpected errors.
type env struct {
	t       *testing.T
	ctx     context.Context
	backend Backend
	dir     string
	h       *Handle
	lines   []string
}

func newEnv(t *testing.T, b Backend) *env {
	e := &env{t: t, ctx: context.Background(), backend: b, dir: t.TempDir()}
	baseline := runtime.NumGoroutine()
	// Registered first, so it runs last: after the store is closed nothing it started may remain.
	t.Cleanup(func() { waitGoroutines(t, baseline) })
	e.open()
	t.Cleanup(func() {
		if e.h != nil {
			if err := e.h.Close(); err != nil {
				t.Errorf("close %s: %v", b.Name, err)
			}
		}
	})
	return e
}

func (e *env) open() {
	e.t.Helper()
	h, err := e.backend.Open(e.dir)
	if err != nil {
		e.t.Fatalf("open %s: %v", e.backend.Name, err)
	}
	e.h = h
}

// reopen closes the store and opens it again, dropping every in-process cache, so what follows reads
// what was really persisted.
func (e *env) reopen() {
	e.t.Helper()
	if err := e.h.Close(); err != nil {
		e.t.Fatalf("close %s: %v", e.backend.Name, err)
	}
	e.h = nil
	e.open()
}

// record adds a line to the transcript that is compared across backends.
func (e *env) record(label string, vals ...any) {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = canon(v)
	}
	e.lines = append(e.lines, label+": "+strings.Join(parts, " | "))
}

// expect records got and also requires it to equal want, so a bug shared by both backends cannot hide
// behind a matching transcript.
func (e *env) expect(label string, got, want any) {
	e.t.Helper()
	e.record(label, got)
	if canon(got) != canon(want) {
		e.t.Errorf("%s: %s: got %s, want %s", e.backend.Name, label, canon(got), canon(want))
	}
}

// check requires got to equal want without recording it, for results that legitimately differ
// between backends (see Quirks) and are asserted per backend.
func (e *env) check(label string, got, want any) {
	e.t.Helper()
	if canon(got) != canon(want) {
		e.t.Errorf("%s: %s: got %s, want %s", e.backend.Name, label, canon(got), canon(want))
	}
}

// must fails the scenario on an unexpected error.
func (e *env) must(err error, what string) {
	e.t.Helper()
	if err != nil {
		e.t.Fatalf("%s: %s: %v", e.backend.Name, what, err)
	}
}

// device returns the stored device for user:dev@s.whatsapp.net, creating and saving it if missing.
// Its key material is random; everything else is derived from the JID so backends match.
func (e *env) device(user string, dev uint16) *wastore.Device {
	e.t.Helper()
	jid := types.JID{User: user, Device: dev, Server: types.DefaultUserServer}
	d, err := e.h.Container.GetDevice(e.ctx, jid)
	e.must(err, "GetDevice "+jid.String())
	if d != nil {
		return d
	}
	d = e.h.Container.NewDevice()
	fillDevice(d, jid)
	e.must(e.h.Container.PutDevice(e.ctx, d), "PutDevice "+jid.String())
	return d
}

// fillDevice gives a fresh device the identity a pairing would: JID, LID and a signed account.
func fillDevice(d *wastore.Device, jid types.JID) {
	d.ID = &jid
	d.LID = types.JID{User: "9" + jid.User, Device: jid.Device, Server: types.HiddenUserServer}
	d.Account = &waAdv.ADVSignedDeviceIdentity{
		Details:             []byte("details-" + jid.String()),
		AccountSignature:    bytes.Repeat([]byte{1}, 64),
		AccountSignatureKey: bytes.Repeat([]byte{2}, 32),
		DeviceSignature:     bytes.Repeat([]byte{3}, 64),
	}
	d.Platform = "android"
	d.PushName = "push " + jid.User
}

// canon renders a value in a form that is equal across backends exactly when the values are: nil
// and empty are told apart, maps are sorted, times are compared at the precision the stores keep.
func canon(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case error:
		return "error"
	case []byte:
		if x == nil {
			return "nil"
		}
		return fmt.Sprintf("%q", x)
	case []any:
		parts := make([]string, len(x))
		for i, v := range x {
			parts[i] = canon(v)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case [32]byte:
		return fmt.Sprintf("%x", x[:])
	case [128]byte:
		return fmt.Sprintf("%x", x[:])
	case map[string][]byte:
		if x == nil {
			return "nilmap"
		}
		ks := make([]string, 0, len(x))
		for k := range x {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		parts := make([]string, len(ks))
		for i, k := range ks {
			parts[i] = k + "=" + canon(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case map[types.JID]types.JID:
		if x == nil {
			return "nilmap"
		}
		parts := make([]string, 0, len(x))
		for k, val := range x {
			parts = append(parts, k.String()+"="+val.String())
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ",") + "}"
	case map[types.JID]types.ContactInfo:
		parts := make([]string, 0, len(x))
		for k, val := range x {
			parts = append(parts, k.String()+"="+canon(val))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ",") + "}"
	case types.JID:
		return "jid(" + x.String() + ")"
	case time.Time:
		if x.IsZero() {
			return "zerotime"
		}
		if x.Equal(wastore.MutedForever) {
			return "forever"
		}
		return fmt.Sprintf("unix(%d.%03d)", x.Unix(), x.Nanosecond()/1e6)
	case *keys.PreKey:
		if x == nil {
			return "nilkey"
		}
		return fmt.Sprintf("prekey(%d)", x.KeyID)
	case []*keys.PreKey:
		parts := make([]string, len(x))
		for i, k := range x {
			parts[i] = canon(k)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case *wastore.AppStateSyncKey:
		if x == nil {
			return "nilkey"
		}
		return fmt.Sprintf("synckey(%q,%q,%d)", x.Data, x.Fingerprint, x.Timestamp)
	case *wastore.PrivacyToken:
		if x == nil {
			return "niltoken"
		}
		return fmt.Sprintf("token(%s,%q,%d)", x.User, x.Token, x.Timestamp.Unix())
	case *wastore.BufferedEvent:
		if x == nil {
			return "nilevent"
		}
		// InsertTime is the wall clock at insert; scenarios check it separately.
		return fmt.Sprintf("event(%s,%d)", canon(x.Plaintext), x.ServerTime.Unix())
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return "nil"
	}
	return fmt.Sprintf("%+v", v)
}
