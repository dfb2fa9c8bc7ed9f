package groups_test

import (
	"fmt"
	"testing"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/sim/testkit"
)

// BenchmarkGroupMessage measures one text to a group of four whatsmeow clients, from send until all
// three other members decrypted it: client-side Signal work plus the server's skmsg fan-out.
func BenchmarkGroupMessage(b *testing.B) {
	srv := testkit.NewServer(b)
	members := make([]*testkit.Client, 4)
	for i := range members {
		members[i] = testkit.NewClient(b, srv)
	}
	info, err := members[0].WA.CreateGroup(b.Context(), whatsmeow.ReqCreateGroup{Name: "Bench", Participants: users(members[1:]...)})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		text := fmt.Sprint("bench ", n)
		n++
		members[0].SendText(b, info.JID, text)
		for _, m := range members[1:] {
			m.WaitMessage(b, testkit.Text(text))
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
