package baileys_test

import "testing"

// BenchmarkSlowHandlerThroughput sends b.N messages at once to a bot whose
// handler awaits something other than WhatsApp (a database, an HTTP API)
// for 20 ms before it answers: with deliveries handled one after another it
// cannot pass 50 msgs/s; pipelined deliveries overlap the waits.
func BenchmarkSlowHandlerThroughput(b *testing.B) {
	alice, send := replyWorld(b, "slow", "await new Promise((resolve) => setTimeout(resolve, 20))")
	throughput(b, alice, send, "slow")
}
