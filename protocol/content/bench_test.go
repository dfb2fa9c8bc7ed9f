package content

import (
	"context"
	"testing"

	"github.com/botrt/botrt/protocol/jsval"
)

// BenchmarkBuildQuotedText is the cost of the most common send: a text
// reply quoting the received message.
func BenchmarkBuildQuotedText(b *testing.B) {
	bld, _ := newBuilder()
	quoted := receivedGroupText("!ping")
	content, opts := obj("text", "pong"), obj("quoted", quoted)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bld.Build(ctx, Target{Chat: group, Me: me}, content, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildImage includes decoding a 1280x960 PNG for its thumbnail
// (the upload itself is a stub).
func BenchmarkBuildImage(b *testing.B) {
	bld, _ := newBuilder()
	data := pngBytes(b, 1280, 960)
	content := obj("image", data, "caption", "x")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bld.Build(ctx, Target{Chat: alice, Me: me}, content, jsval.Undefined); err != nil {
			b.Fatal(err)
		}
	}
}
