package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/sim/web"
)

// BenchmarkLogFanOut measures log entries published and delivered to every one of several open
// pages' event streams (real HTTP on 127.0.0.1): ns/op is per entry, for all pages together;
// delivered/entry is the share the slowest page got (Publish never waits for pages; a page that falls
// behind is told how many it missed).
func BenchmarkLogFanOut(b *testing.B) {
	for _, pages := range []int{1, 8} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			srv := testkit.NewServer(b)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			got := make(chan int, pages)
			for range pages {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/api/events", nil)
				if err != nil {
					b.Fatal(err)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				go func() {
					defer res.Body.Close()
					got <- countUntil(res.Body, `"text":"last"`)
				}()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				srv.Web.Publish(web.Entry{Bot: "bench", Text: fmt.Sprintf("line %d", i)})
			}
			srv.Web.Publish(web.Entry{Bot: "bench", Text: "last"})
			least := b.N + 1
			for range pages {
				least = min(least, <-got)
			}
			b.StopTimer()
			// A page that falls more than the backlog behind skips entries rather than holding Publish.
			b.ReportMetric(float64(least-1)/float64(b.N), "delivered/entry")
		})
	}
}

// countUntil reads server-sent events until one contains marker and returns how many it read.
func countUntil(r io.Reader, marker string) int {
	buf := make([]byte, 64<<10)
	var pending strings.Builder
	n := 0
	for {
		k, err := r.Read(buf)
		pending.Write(buf[:k])
		s := pending.String()
		for {
			i := strings.Index(s, "\n\n")
			if i < 0 {
				break
			}
			n++
			if strings.Contains(s[:i], marker) {
				return n
			}
			s = s[i+2:]
		}
		pending.Reset()
		pending.WriteString(s)
		if err != nil {
			return n
		}
	}
}
