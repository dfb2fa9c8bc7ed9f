package baileys

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	_ "image/png" // profile pictures may be given as PNG, as Baileys (jimp) accepts
	"maps"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/types"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // and WebP

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	maps.Copy(methods, map[string]method{
		"updateProfilePicture": {[]string{"jid", "content"}, updateProfilePicture},
		"removeProfilePicture": {[]string{"jid"}, removeProfilePicture},
		"updateProfileName":    {[]string{"name"}, updateProfileName},
	})
}

// profilePictureSide is the edge Baileys' generateProfilePicture scales to.
const profilePictureSide = 640

// profilePictureQuality is the JPEG quality Baileys encodes pictures with.
const profilePictureQuality = 50

// profilePicture crops the image to a square from its top-left corner and
// scales it to at most 640 px a side as JPEG, as Baileys does before upload.
func profilePicture(data []byte) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, errs.BadField("content", "not a JPEG, PNG or WebP image: %v", err)
	}
	b := src.Bounds()
	side := min(b.Dx(), b.Dy())
	out := min(side, profilePictureSide)
	dst := image.NewRGBA(image.Rect(0, 0, out, out))
	draw.BiLinear.Scale(dst, dst.Bounds(), src, image.Rect(b.Min.X, b.Min.Y, b.Min.X+side, b.Min.Y+side), draw.Src, nil)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: profilePictureQuality}); err != nil {
		return nil, errs.Wrap(500, "encoding the profile picture", err)
	}
	return buf.Bytes(), nil
}

// pictureTarget is the JID whatsmeow's SetGroupPhoto takes: empty for the
// account's own picture (no target attribute), else the group.
func pictureTarget(s *protocol.Session, v jsval.Value) (types.JID, error) {
	j, err := jidArg(v, "jid")
	if err != nil {
		return types.JID{}, err
	}
	me := s.Status().Me
	if j.User == me.ID.User && j.Server == me.ID.Server || me.LID.User != "" && j.User == me.LID.User && j.Server == types.HiddenUserServer {
		return types.EmptyJID, nil
	}
	if j.Server != types.GroupServer {
		return types.JID{}, errs.BadField("jid", "%s: only your own or a group's picture can be changed", j)
	}
	return j, nil
}

func updateProfilePicture(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	target, err := pictureTarget(s, a[0])
	if err != nil {
		return nil, err
	}
	data, ok := a[1].([]byte)
	if !ok {
		return nil, errs.BadField("content", "a Buffer or {url} (a file or an http(s) URL the bot may fetch) expected, got %s", jsval.KindOf(a[1]))
	}
	pic, err := profilePicture(data)
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, setPicture(ctx, s, target, pic)
}

func removeProfilePicture(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	target, err := pictureTarget(s, a[0])
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, setPicture(ctx, s, target, nil)
}

func setPicture(ctx context.Context, s *protocol.Session, target types.JID, jpeg []byte) error {
	return s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		_, err := cli.SetGroupPhoto(ctx, target, jpeg)
		return err
	})
}

func updateProfileName(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	name, err := str(a[0], "name")
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, errs.BadField("name", "the profile name must not be empty")
	}
	return jsval.Undefined, sendAppState(ctx, s, appstate.BuildSettingPushName(name))
}
