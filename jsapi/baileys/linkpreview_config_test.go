package baileys

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// TestPreviewSettings: the socket config's link preview keys as baileys.js
// passes them; a width that is no number of pixels is a 400 naming the key.
func TestPreviewSettings(t *testing.T) {
	for _, c := range []struct {
		in    jsval.Value
		hq    bool
		width int
	}{
		{jsval.Undefined, false, 0},
		{jsval.NewObject().Set("highQuality", true), true, 0},
		{jsval.NewObject().Set("highQuality", false).Set("thumbnailWidth", int64(64)), false, 64},
		{jsval.NewObject().Set("thumbnailWidth", 96.5), false, 96},
	} {
		hq, width, err := previewSettings(c.in)
		if err != nil || hq != c.hq || width != c.width {
			t.Errorf("%v: %v %d %v", c.in, hq, width, err)
		}
	}
	for _, bad := range []jsval.Value{"192", int64(0), int64(5000), -1.0} {
		_, _, err := previewSettings(jsval.NewObject().Set("thumbnailWidth", bad))
		if errs.StatusOf(err) != 400 || !strings.Contains(err.Error(), "config.linkPreviewImageThumbnailWidth") {
			t.Errorf("width %v: %v", bad, err)
		}
	}
}
