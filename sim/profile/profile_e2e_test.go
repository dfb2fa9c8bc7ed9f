package profile_test

import (
	"bytes"
	"errors"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestAboutText drives the status iq from an unmodified whatsmeow client: the other account is notified,
// usync reports the text, the set time is kept, and an over-long text is refused.
func TestAboutText(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))

	before := time.Now().Add(-time.Second)
	if err := ann.WA.SetStatusMessage(testkit.Context(t), "Out fishing 🎣"); err != nil {
		t.Fatal(err)
	}
	about := testkit.WaitFor(t, bob, func(e *events.UserAbout) bool { return e.JID == ann.UserJID() })
	if about.Status != "Out fishing 🎣" || about.Timestamp.Before(before) {
		t.Fatalf("about notification %+v", about)
	}
	info, err := bob.WA.GetUserInfo(testkit.Context(t), []types.JID{ann.UserJID()})
	if err != nil {
		t.Fatal(err)
	}
	if got := info[ann.UserJID()].Status; got != "Out fishing 🎣" {
		t.Fatalf("usync status %q", got)
	}
	text, at, err := srv.Profile.About(ann.UserJID().User)
	if err != nil || text != "Out fishing 🎣" || at.Before(before) || at.After(time.Now()) {
		t.Fatalf("About = %q %v %v", text, at, err)
	}
	if err := ann.WA.SetStatusMessage(testkit.Context(t), strings.Repeat("x", 140)); !errors.Is(err, whatsmeow.ErrIQNotAcceptable) {
		t.Fatalf("140-character status: %v, want 406", err)
	}
	if text, _, _ := srv.Profile.About(ann.UserJID().User); text != "Out fishing 🎣" {
		t.Fatalf("refused status changed the text to %q", text)
	}
}

// TestProfilePicture sets, fetches, downloads and removes pictures of an account and of a group through
// unmodified whatsmeow clients, with the notifications the other side sees and the refusals WhatsApp gives.
func TestProfilePicture(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	ann2 := testkit.NewClient(t, srv, testkit.SameAccount(ann))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	annJID := ann.UserJID()

	if _, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), annJID, nil); !errors.Is(err, whatsmeow.ErrProfilePictureNotSet) {
		t.Fatalf("picture before any was set: %v", err)
	}
	if _, err := ann.WA.SetGroupPhoto(testkit.Context(t), annJID, []byte("not a jpeg")); !errors.Is(err, whatsmeow.ErrInvalidImageFormat) {
		t.Fatalf("non-JPEG picture: %v", err)
	}
	if _, err := bob.WA.SetGroupPhoto(testkit.Context(t), annJID, testJPEG(t, 8, 8, color.White)); !errors.Is(err, whatsmeow.ErrIQForbidden) {
		t.Fatalf("setting another person's picture: %v", err)
	}

	photo := testJPEG(t, 640, 320, color.RGBA{200, 10, 10, 255})
	id, err := ann.WA.SetGroupPhoto(testkit.Context(t), annJID, photo)
	if err != nil || id == "" {
		t.Fatalf("set own picture: %q %v", id, err)
	}
	seen := testkit.WaitFor(t, bob, func(e *events.Picture) bool { return e.JID == annJID })
	if seen.PictureID != id || seen.Remove || seen.Author != annJID {
		t.Fatalf("picture notification %+v, want id %s", seen, id)
	}
	testkit.WaitFor(t, ann2, func(e *events.Picture) bool { return e.JID == annJID }) // account_sync

	info, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), annJID, nil)
	if err != nil || info.ID != id || info.Type != "image" {
		t.Fatalf("picture info %+v %v", info, err)
	}
	if code, body := download(t, srv, info.URL); code != 200 || !bytes.Equal(body, photo) {
		t.Fatalf("download %s: %d, %d bytes (want the %d uploaded)", info.URL, code, len(body), len(photo))
	}
	prev, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), annJID, &whatsmeow.GetProfilePictureParams{Preview: true})
	if err != nil || prev.Type != "preview" {
		t.Fatalf("preview info %+v %v", prev, err)
	}
	code, body := download(t, srv, prev.URL)
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(body))
	if code != 200 || err != nil || cfg.Width != 96 || cfg.Height != 48 {
		t.Fatalf("preview: %d %v %dx%d, want a 96x48 JPEG", code, err, cfg.Width, cfg.Height)
	}
	if same, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), annJID, &whatsmeow.GetProfilePictureParams{ExistingID: id}); same != nil || err != nil {
		t.Fatalf("unchanged picture with its id: %+v %v, want nil (304)", same, err)
	}
	users, err := bob.WA.GetUserInfo(testkit.Context(t), []types.JID{annJID})
	if err != nil || users[annJID].PictureID != id {
		t.Fatalf("usync picture id %+v %v, want %s", users[annJID], err, id)
	}

	// A group: only admins change its picture; members see it; removal is announced and then 404.
	group, err := ann.WA.CreateGroup(testkit.Context(t), whatsmeow.ReqCreateGroup{Name: "Anglers", Participants: []types.JID{bob.UserJID()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.WA.SetGroupPhoto(testkit.Context(t), group.JID, photo); !errors.Is(err, whatsmeow.ErrIQForbidden) {
		t.Fatalf("non-admin set group picture: %v, want 403", err)
	}
	gid, err := ann.WA.SetGroupPhoto(testkit.Context(t), group.JID, testJPEG(t, 50, 50, color.Black))
	if err != nil {
		t.Fatal(err)
	}
	gseen := testkit.WaitFor(t, bob, func(e *events.Picture) bool { return e.JID == group.JID })
	if gseen.PictureID != gid || gseen.Author != annJID {
		t.Fatalf("group picture notification %+v", gseen)
	}
	if ginfo, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), group.JID, nil); err != nil || ginfo.ID != gid {
		t.Fatalf("group picture info %+v %v", ginfo, err)
	}
	if _, err := ann.WA.SetGroupPhoto(testkit.Context(t), group.JID, nil); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, bob, func(e *events.Picture) bool { return e.JID == group.JID && e.Remove })
	if _, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), group.JID, nil); !errors.Is(err, whatsmeow.ErrProfilePictureNotSet) {
		t.Fatalf("removed group picture: %v", err)
	}
	if code, _ := download(t, srv, "https://pps.whatsapp.net/pp/"+gid+"/image"); code != 404 {
		t.Fatalf("removed picture still served: %d", code)
	}

	// Profile privacy "none" hides the picture from others, not from the account itself.
	if _, err := ann.WA.SetPrivacySetting(testkit.Context(t), types.PrivacySettingTypeProfile, types.PrivacySettingNone); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.WA.GetProfilePictureInfo(testkit.Context(t), annJID, nil); !errors.Is(err, whatsmeow.ErrProfilePictureUnauthorized) {
		t.Fatalf("hidden picture: %v, want 401", err)
	}
	if _, err := ann2.WA.GetProfilePictureInfo(testkit.Context(t), annJID, nil); err != nil {
		t.Fatalf("own hidden picture: %v", err)
	}
}
