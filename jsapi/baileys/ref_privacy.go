package baileys

import (
	"context"
	"maps"
	"time"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// privacySetters maps Baileys' update*Privacy names to the server's
// category; the server judges the value (an unknown one is a 400).
var privacySetters = map[string]types.PrivacySettingType{
	"updateLastSeenPrivacy":       types.PrivacySettingTypeLastSeen,
	"updateOnlinePrivacy":         types.PrivacySettingTypeOnline,
	"updateProfilePicturePrivacy": types.PrivacySettingTypeProfile,
	"updateStatusPrivacy":         types.PrivacySettingTypeStatus,
	"updateReadReceiptsPrivacy":   types.PrivacySettingTypeReadReceipts,
	"updateGroupsAddPrivacy":      types.PrivacySettingTypeGroupAdd,
	"updateCallPrivacy":           types.PrivacySettingTypeCallAdd,
	"updateMessagesPrivacy":       "messages",
}

func init() {
	maps.Copy(methods, map[string]method{
		"fetchPrivacySettings":          {[]string{"force"}, fetchPrivacySettings},
		"updateDefaultDisappearingMode": {[]string{"duration"}, updateDefaultDisappearingMode},
	})
	for name, category := range privacySetters {
		methods[name] = method{[]string{"value"}, privacySetter(category)}
	}
}

// fetchPrivacySettings asks the server every time (force only skips Baileys' cache, and botrt
// keeps none) and, as Baileys does, returns every category the server lists as { name: value },
// including those whatsmeow has no field for (messages, defense, ...).
func fetchPrivacySettings(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	if !absent(a[0]) {
		if _, ok := a[0].(bool); !ok {
			return nil, errs.BadField("force", "boolean expected, got %s", jsval.KindOf(a[0]))
		}
	}
	res, err := serverIQ(ctx, s, "privacy", "get", waBinary.Node{Tag: "privacy"})
	if err != nil {
		return nil, err
	}
	out := jsval.NewObject()
	list, ok := res.GetOptionalChildByTag("privacy")
	if !ok {
		return nil, errs.New(500, "fetchPrivacySettings: the server answered without <privacy>")
	}
	for _, c := range list.GetChildrenByTag("category") {
		ag := c.AttrGetter()
		name, value := ag.String("name"), ag.String("value")
		if !ag.OK() {
			return nil, errs.Wrap(500, "fetchPrivacySettings: malformed <category>", ag.Error())
		}
		out.Set(name, value)
	}
	return out, nil
}

func privacySetter(category types.PrivacySettingType) func(context.Context, *botState, *protocol.Session, []jsval.Value) (jsval.Value, error) {
	return func(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
		value, err := str(a[0], "value")
		if err != nil {
			return nil, err
		}
		return jsval.Undefined, s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
			_, err := cli.SetPrivacySetting(ctx, category, types.PrivacySetting(value))
			return err
		})
	}
}

// updateDefaultDisappearingMode takes seconds, as Baileys does (0 turns it off).
func updateDefaultDisappearingMode(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	secs, ok := a[0].(int64)
	if !ok || secs < 0 {
		return nil, errs.BadField("duration", "a whole number of seconds ≥ 0 expected")
	}
	return jsval.Undefined, s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		return cli.SetDefaultDisappearingTimer(ctx, time.Duration(secs)*time.Second)
	})
}
