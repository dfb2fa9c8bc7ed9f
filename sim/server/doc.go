// Package server is the simulator's core: one HTTP handler that accepts WhatsApp WebSocket connections at
// /ws/chat (and serves whatever routes feature packages add, e.g. the admin API under /api/), the
// connection lifecycle (handshake, login or registration, success/failure, "replaced" kicks, shutdown),
// iq dispatch, keepalive, per-device send queues and persistent delivery through the offline queue.
//
// What the server does not know (pairing, pre-keys, usync, message relay, groups, presence) lives in
// feature packages that plug in through the registration points below. The package sim assembles them.
//
// # Plugging in
//
//	srv.HandleIQ("encrypt", fn)          // iqs of a logged-in device, by xmlns
//	srv.HandleUnpairedIQ("md", fn)       // iqs on a socket that is still pairing (QR / pairing code)
//	srv.HandleStanza("message", fn)      // any other top-level tag from a logged-in device
//	srv.HandleStanzaTo("message", types.GroupServer, fn)  // ... whose "to" is on that server (wins)
//	srv.OnRegistration(fn)               // a client without an account connected: run pairing
//	srv.OnLogin(fn) / OnActive(fn) / OnClose(fn)   // session lifecycle (presence, counters)
//	srv.OnDevicesChanged(fn)             // a device was added to or removed from an account
//	srv.HandleHTTP("POST /api/link", h)  // routes on the shared listener (Go 1.22 patterns)
//
// An IQHandler returns the result node's attributes and content (Tag, id, type and a default "from" are
// filled in), or an error: *IQError for a protocol error (<error code text>), anything else becomes a 500
// and is logged. Every iq gets an answer; unknown namespaces get 501. A StanzaHandler's error is answered
// with an ack carrying error="400" for client faults (errors.Is(err, ErrBadRequest)), else "500" (logged).
// A handler panic costs only that connection (stream error 500). Handlers run on the connection's read
// goroutine, in stanza order; anything that waits for the client (SendIQ) must run in sess.Go.
//
// # Sending
//
//	srv.Deliver(ctx, device, node)   // must not be lost: stored in the device's offline queue first,
//	                                 // written at once if the device is online and active, else flushed
//	                                 // after its next <active/>; removed on the device's ack/receipt.
//	srv.Send(ctx, device, node)      // best effort, only if that device is connected (presence, chat state)
//	sess.Send(node) / sess.SendIQ(ctx, node)   // on one connection; SendIQ waits for the client's answer
//
// Deliveries to device 0 (the virtual phone) go to the function set with SetPhoneSink, or are dropped.
// sess.CloseWithStreamError(node) ends a connection after a grace period that lets whatsmeow handle
// the node; sess.StreamErrorLinger(node) waits for the client to hang up (the 515 after pairing).
//
// # Devices
//
// srv.RemoveDevice(ctx, dev, kick) deletes a companion (queue included) and may kick it with 401
// device_removed; srv.DevicesChanged(ctx, change) runs the OnDevicesChanged hooks (pairing calls it).
//
// # Looking things up and persisting
//
// srv.Accounts() is the account/device registry (sim/accounts); srv.DB() is the badger database, where
// every feature package keeps its own records under its own prefix ("sim/groups/", "sim/presence/", ...).
// srv.Sessions(user) lists the connected devices of an account.
package server
