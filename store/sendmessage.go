package store

import (
	"context"
	"errors"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
)

// maxSessionRaceAttempts bounds how often one send is tried when messages received meanwhile keep
// changing a Signal session the send had encrypted with. During a burst of incoming messages a
// send can lose many times in a row (on a loaded machine the burst of 200 messages of
// TestSessionSendWhileReceiving outlasted 20 quick attempts); each lost attempt sent nothing, so
// trying again is safe, and with the backoff below the attempts span a few seconds.
const maxSessionRaceAttempts = 100

// SendMessage is whatsmeow's Client.SendMessage for a client on this store, safe against a
// concurrent decryption: whatsmeow reads the Signal sessions it encrypts with, and writes them back
// blindly, so a message decrypted meanwhile would be undone (and the peer's next messages become
// undecryptable: "old counter", "Bad MAC"). Here the reads are tracked (TrackSessionReads), the
// write-back fails with ErrSessionChanged instead, and the send is redone with the same message id
// on fresh sessions: whatsmeow stores the sessions before it writes the message node, so the failed
// attempt sent nothing. Every whatsmeow client on this store should send through it.
func SendMessage(ctx context.Context, cli *whatsmeow.Client, to types.JID, msg *waE2E.Message, extra whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	if extra.ID == "" {
		extra.ID = cli.GenerateMessageID()
	}
	for attempt := 1; ; attempt++ {
		resp, err := cli.SendMessage(TrackSessionReads(ctx), to, msg, extra)
		if !errors.Is(err, ErrSessionChanged) || attempt == maxSessionRaceAttempts {
			return resp, err
		}
		cli.Log.Debugf("session changed during send of %s (attempt %d), sending again: %v", extra.ID, attempt, err)
		if err := sessionRaceBackoff(ctx, attempt); err != nil {
			return resp, err
		}
	}
}

// sessionRaceBackoff waits a jittered, growing moment (up to about 40ms) so that a retried send
// does not collide again with the same run of incoming messages. It returns early if ctx ends.
func sessionRaceBackoff(ctx context.Context, attempt int) error {
	return jitteredBackoff(ctx, attempt, 2*time.Millisecond)
}
