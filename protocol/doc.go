// Package protocol runs named WhatsApp sessions over whatsmeow on the badger store, many per
// process, and hands their events to bots through durable per-session queues.
//
// A Manager opens sessions by name (the auth folder name a script passes to useMultiFileAuthState);
// the name→device mapping lives in badger under sess/<name>. A Session connects asynchronously,
// pairs by QR or pairing code, reconnects with backoff, forces a reconnect when keepalives go
// unanswered (a deaf socket), and reports its connection state to watchers (Watch).
//
// # Delivery
//
// whatsmeow dispatches an event on its node-handling goroutine and, with SynchronousAck, sends the
// receipt or ack only after every handler returned; a handler returning false suppresses the receipt
// (message.go decryptMessages, receipt.go maybeDeferredAck), so the server redelivers. The session's
// handler translates the event (protocol/events), stores a received message in the message store and
// appends the translation to the session's queue in one synced transaction, and only then returns
// true. With EnableDecryptedEventBuffer whatsmeow keeps the plaintext of a message whose handler did
// not finish, so a redelivery after a crash decrypts again instead of failing on a spent ratchet.
// Messages are appended once per (chat, id), so a redelivered message is not queued twice.
//
// The same holds for receipts and the notifications whatsmeow dispatches synchronously (receipt.go
// handleReceipt, notification.go handleNotification pass the handlers' result to the deferred ack).
// Calls are acknowledged whatever the handlers returned, and history syncs arrive inside a message
// acknowledged before the download: if the queue cannot be written (disk full, store closed) those
// are logged as not queued, and not redelivered.
//
// Bots never run on whatsmeow's goroutine: each reads the queue through its own Subscription and
// marks entries done after its handler settled; a restart replays what was not done.
//
// # Use (what jsapi does for makeWASocket)
//
//	m, _ := protocol.NewManager(db, store.NewContainer(db, log), protocol.Options{Endpoint: ep})
//	s, _ := m.Open(ctx, "auth_info")          // the same *Session for every Open of a name
//	w := s.Watch()                            // connection.update / creds.update, current state first
//	sub, _ := s.Subscribe(ctx, "bot-name", store.JoinOldest)
//	_ = s.Connect()                           // returns at once; QR codes arrive through w
//	for {
//		d, err := sub.Next(ctx)               // d.Events: Baileys events of one whatsmeow event
//		... run the handlers on the bot's loop, then:
//		sub.Done(ctx, d.Seq)
//	}
//
// Outbound calls (SendMessage, Upload, MarkRead, GroupInfo, ...) return *errs.Error: 428 when the
// session is not logged in, 408 past the deadline, whatsmeow's failures mapped to Baileys' codes.
// Connection updates are live only (not queued): a watcher attached later gets the current state.
package protocol
