package baileys

import (
	"context"
	"maps"
	"time"

	"go.mau.fi/whatsmeow"
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

// privacyObject is Baileys' { category: value } map of the settings
// whatsmeow parses (it drops the categories it has no field for).
func privacyObject(p *types.PrivacySettings) *jsval.Object {
	out := jsval.NewObject()
	for _, kv := range []struct {
		k types.PrivacySettingType
		v types.PrivacySetting
	}{
		{types.PrivacySettingTypeLastSeen, p.LastSeen}, {types.PrivacySettingTypeOnline, p.Online},
		{types.PrivacySettingTypeProfile, p.Profile}, {types.PrivacySettingTypeStatus, p.Status},
		{types.PrivacySettingTypeGroupAdd, p.GroupAdd}, {types.PrivacySettingTypeReadReceipts, p.ReadReceipts},
		{types.PrivacySettingTypeCallAdd, p.CallAdd},
	} {
		out.SetIf(kv.v != "", string(kv.k), string(kv.v))
	}
	return out
}

func fetchPrivacySettings(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	force := false
	if !absent(a[0]) {
		b, ok := a[0].(bool)
		if !ok {
			return nil, errs.BadField("force", "boolean expected, got %s", jsval.KindOf(a[0]))
		}
		force = b
	}
	var p *types.PrivacySettings
	err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		var err error
		p, err = cli.TryFetchPrivacySettings(ctx, force)
		return err
	})
	if err != nil {
		return nil, err
	}
	return privacyObject(p), nil
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
