package server

import (
	"context"

	waBinary "go.mau.fi/whatsmeow/binary"
)

// propsHash names the simulator's one set of A/B properties. Clients keep it and send it back; a
// hash that never changes tells them their copy is current.
const propsHash = "botrt-sim-1"

// handleProps answers the A/B properties query clients send after login: Baileys 7 asks
// <iq xmlns="abt"><props protocol="1"/></iq>, Baileys 6 <iq xmlns="w"><props protocol="2"/></iq>.
// The simulator runs no experiments, so the set is empty: clients fall back to their defaults, which
// is the behaviour the simulator implements. Unanswered, Baileys logs its start-up queries as failed.
func handleProps(_ context.Context, iq *IQ) (waBinary.Node, error) {
	props, ok := iq.Node.GetOptionalChildByTag("props")
	if !ok || iq.Type != "get" {
		return waBinary.Node{}, ErrIQNotImplemented
	}
	attrs := waBinary.Attrs{"hash": propsHash}
	if protocol, ok := props.Attrs["protocol"].(string); ok {
		attrs["protocol"] = protocol
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "props", Attrs: attrs}}}, nil
}
