package newsletter_test

import (
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/testkit"
)

// TestChannel creates a channel, looks it up by JID and invite, follows, mutes and unfollows it through
// whatsmeow's newsletter calls, and checks that the owner's post reaches the follower in plaintext.
func TestChannel(t *testing.T) {
	srv := testkit.NewServer(t)
	owner := testkit.NewClient(t, srv, testkit.Name("Owner"))
	fan := testkit.NewClient(t, srv, testkit.Name("Fan"))

	md, err := owner.WA.CreateNewsletter(testkit.Context(t), whatsmeow.CreateNewsletterParams{Name: "Daily bread", Description: "recipes"})
	if err != nil {
		t.Fatal(err)
	}
	if md.ID.Server != types.NewsletterServer || md.ThreadMeta.Name.Text != "Daily bread" || md.ViewerMeta.Role != types.NewsletterRoleOwner {
		t.Fatalf("created %+v", md)
	}
	byInvite, err := fan.WA.GetNewsletterInfoWithInvite(testkit.Context(t), whatsmeow.NewsletterLinkPrefix+md.ThreadMeta.InviteCode)
	if err != nil || byInvite.ID != md.ID || byInvite.ThreadMeta.Description.Text != "recipes" {
		t.Fatalf("by invite %+v %v", byInvite, err)
	}
	if err := fan.WA.FollowNewsletter(testkit.Context(t), md.ID); err != nil {
		t.Fatal(err)
	}
	info, err := fan.WA.GetNewsletterInfo(testkit.Context(t), md.ID)
	if err != nil || info.ViewerMeta.Role != types.NewsletterRoleSubscriber || info.ThreadMeta.SubscriberCount != 2 {
		t.Fatalf("after follow %+v %v", info, err)
	}
	if err := fan.WA.NewsletterToggleMute(testkit.Context(t), md.ID, true); err != nil {
		t.Fatal(err)
	}
	subs, err := fan.WA.GetSubscribedNewsletters(testkit.Context(t))
	if err != nil || len(subs) != 1 || subs[0].ViewerMeta.Mute != types.NewsletterMuteOn {
		t.Fatalf("subscribed %+v %v", subs, err)
	}

	resp, err := owner.WA.SendMessage(testkit.Context(t), md.ID, &waE2E.Message{Conversation: proto.String("sourdough day")})
	if err != nil || resp.ServerID == 0 {
		t.Fatalf("post: %+v %v", resp, err)
	}
	got := fan.WaitMessage(t, testkit.Text("sourdough day"))
	if got.Info.Chat != md.ID || got.Info.ServerID != resp.ServerID {
		t.Fatalf("post seen as %+v", got.Info)
	}
	if _, err := fan.WA.SendMessage(testkit.Context(t), md.ID, &waE2E.Message{Conversation: proto.String("me too")}); err == nil {
		t.Fatal("a follower posted to the channel")
	}

	if err := fan.WA.UnfollowNewsletter(testkit.Context(t), md.ID); err != nil {
		t.Fatal(err)
	}
	if subs, err := fan.WA.GetSubscribedNewsletters(testkit.Context(t)); err != nil || len(subs) != 0 {
		t.Fatalf("after unfollow %+v %v", subs, err)
	}
	if err := owner.WA.UnfollowNewsletter(testkit.Context(t), md.ID); err == nil {
		t.Fatal("the owner left its channel")
	}
	if _, err := fan.WA.GetNewsletterInfo(testkit.Context(t), types.NewJID("1", types.NewsletterServer)); err == nil {
		t.Fatal("unknown channel found")
	}
}
