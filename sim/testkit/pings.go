package testkit

import (
	"context"
	"sync/atomic"

	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/sim/server"
)

// Pings counts the keepalive pings (w:p) the server gets and can stop
// answering them, so keepalive tests see a session's cadence and its
// reaction to a server gone silent.
type Pings struct {
	count atomic.Int32
	deaf  atomic.Bool
}

// WatchPings takes over the server's answer to keepalive pings.
func (s *Server) WatchPings() *Pings {
	p := &Pings{}
	s.Server.HandleIQ("w:p", func(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
		p.count.Add(1)
		if p.deaf.Load() {
			<-ctx.Done() // silent until the connection ends
			return waBinary.Node{}, ctx.Err()
		}
		return waBinary.Node{}, nil
	})
	return p
}

// Count is the number of pings received so far.
func (p *Pings) Count() int32 { return p.count.Load() }

// Deaf makes the server leave pings unanswered (true) or answer them again.
func (p *Pings) Deaf(deaf bool) { p.deaf.Store(deaf) }
