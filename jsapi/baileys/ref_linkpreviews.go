package baileys

import (
	"context"

	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	methods["updateDisableLinkPreviewsPrivacy"] = method{[]string{"isPreviewsDisabled"}, updateDisableLinkPreviewsPrivacy}
}

// updateDisableLinkPreviewsPrivacy is Baileys 7's account setting that stops WhatsApp from fetching
// link previews: an app-state mutation of the regular collection (index setting_disableLinkPreviews,
// version 8, as Baileys' chatModify({ disableLinkPreviews }) builds it), so every linked device
// learns it.
func updateDisableLinkPreviewsPrivacy(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	disabled, ok := a[0].(bool)
	if !ok {
		return nil, errs.BadField("isPreviewsDisabled", "boolean expected, got %s", jsval.KindOf(a[0]))
	}
	patch := appstate.PatchInfo{
		Type: appstate.WAPatchRegular,
		Mutations: []appstate.MutationInfo{{
			Index:   []string{"setting_disableLinkPreviews"},
			Version: 8,
			Value: &waSyncAction.SyncActionValue{
				PrivacySettingDisableLinkPreviewsAction: &waSyncAction.PrivacySettingDisableLinkPreviewsAction{
					IsPreviewsDisabled: proto.Bool(disabled),
				},
			},
		}},
	}
	return jsval.Undefined, sendAppState(ctx, s, patch)
}
