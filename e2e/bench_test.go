package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
)

// benchBot is a `botrt sim` and a `botrt run --server` with the echo bot of
// testdata/bench, linked and open.
type benchBot struct {
	dir     string
	sim     *proc
	bot     *proc
	api     botrttest.Admin
	phone   string
	runArgs []string
}

func startBench(b *testing.B) *benchBot {
	b.Helper()
	dir, _ := copyBots(b, "bench")
	s := start(b, dir, nil, "sim", "--listen", "127.0.0.1:0", "--data", "simstate")
	addr := "http://" + s.waitOutput(b, listenRe)[1]
	bb := &benchBot{dir: dir, sim: s, api: botrttest.Admin{T: b, Base: addr},
		runArgs: []string{"run", "--server", addr, "--data", "botstate", "bots"}}
	bb.bot = start(b, dir, nil, bb.runArgs...)
	bb.phone = bb.bot.waitOutput(b, linkedRe)[1]
	bb.bot.waitOutput(b, openRe)
	return bb
}

var openRe = regexp.MustCompile(`OPEN (\d+)`)

// handledAt waits for the bot's log line for text and returns its time.
func (bb *benchBot) handledAt(b *testing.B, text string) time.Time {
	b.Helper()
	re := regexp.MustCompile(`HANDLED ` + regexp.QuoteMeta(text) + ` (\d+)`)
	ms, _ := strconv.ParseInt(bb.bot.waitOutput(b, re)[1], 10, 64)
	return time.UnixMilli(ms)
}

// percentile is the q-th quantile of sorted durations, in milliseconds.
func percentile(sorted []time.Duration, q float64) float64 {
	i := min(len(sorted)-1, int(q*float64(len(sorted))))
	return float64(sorted[i].Microseconds()) / 1000
}

// BenchmarkInboundLatency is the time from a person's POST of a message to
// the bot's handler running (the handler's Date.now(), ms resolution): the
// person's encryption, the simulator's relay, the bot's decryption and the
// dispatch into the script. One message at a time.
func BenchmarkInboundLatency(b *testing.B) {
	bb := startBench(b)
	const person = "15550401"
	bb.api.AddPerson(person, "P"+person)
	var lat []time.Duration
	i := 0
	for b.Loop() {
		text := fmt.Sprintf("lat%d", i)
		i++
		sent := time.Now()
		bb.api.Send(person, bb.phone, text)
		lat = append(lat, bb.handledAt(b, text).Sub(sent))
		bb.api.WaitReply(person, "re "+text, time.Minute)
	}
	slices.Sort(lat)
	b.ReportMetric(percentile(lat, 0.5), "p50-ms")
	b.ReportMetric(percentile(lat, 0.99), "p99-ms")
}

// BenchmarkEchoThroughput is messages per second answered by the echo bot
// with several people talking at once, each waiting for its answer before
// sending again (see TestKillNine on why a person does not flood).
func BenchmarkEchoThroughput(b *testing.B) {
	const people = 8
	bb := startBench(b)
	for p := range people {
		phone := fmt.Sprintf("155505%02d", p)
		bb.api.AddPerson(phone, "P"+phone)
	}
	per := 25
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		var wg sync.WaitGroup
		for p := range people {
			wg.Go(func() {
				person := fmt.Sprintf("155505%02d", p)
				for j := range per {
					text := fmt.Sprintf("t%d-%d-%d", p, j, time.Now().UnixNano())
					bb.api.Send(person, bb.phone, text)
					bb.api.WaitReply(person, "re "+text, time.Minute)
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(b.N*people*per)/time.Since(start).Seconds(), "msgs/s")
	b.ReportMetric(botrttest.StatusMiB(b, bb.bot.Pid(), "VmHWM:"), "bot-peak-RSS-MiB")
}

// BenchmarkSessionMemory is the resident memory of `botrt run` holding one
// linked session and one script, after 100 messages were answered.
func BenchmarkSessionMemory(b *testing.B) {
	bb := startBench(b)
	const person = "15550601"
	bb.api.AddPerson(person, "P"+person)
	for b.Loop() {
		for j := range 100 {
			text := fmt.Sprintf("mem%d", j)
			bb.api.Send(person, bb.phone, text)
			bb.api.WaitReply(person, "re "+text, time.Minute)
		}
	}
	pid := bb.bot.Pid()
	b.ReportMetric(botrttest.StatusMiB(b, pid, "VmRSS:"), "RSS-MiB")
	b.ReportMetric(botrttest.StatusMiB(b, pid, "VmHWM:"), "peak-RSS-MiB")
}

// BenchmarkStartupToOpen is `botrt run --server` from process start to the
// script's connection.update 'open': on a fresh data folder (linking
// included) and on a restart of a linked session.
func BenchmarkStartupToOpen(b *testing.B) {
	dir, _ := copyBots(b, "bench")
	s := start(b, dir, nil, "sim", "--listen", "127.0.0.1:0", "--data", "simstate")
	addr := "http://" + s.waitOutput(b, listenRe)[1]
	var fresh, restart []time.Duration
	n := 0
	for b.Loop() {
		data := fmt.Sprintf("botstate%d", n)
		n++
		for _, into := range []*[]time.Duration{&fresh, &restart} {
			began := time.Now()
			p := start(b, dir, nil, "run", "--server", addr, "--data", data, "bots")
			ms, _ := strconv.ParseInt(p.waitOutput(b, openRe)[1], 10, 64)
			*into = append(*into, time.UnixMilli(ms).Sub(began))
			p.Interrupt(b)
		}
	}
	slices.Sort(fresh)
	slices.Sort(restart)
	b.ReportMetric(percentile(fresh, 0.5), "fresh-p50-ms")
	b.ReportMetric(percentile(restart, 0.5), "restart-p50-ms")
}
