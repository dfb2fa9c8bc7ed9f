package protocol

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/store"
)

// maxSessionRaceAttempts bounds how often one send is tried when messages received meanwhile keep
// changing a Signal session the send had encrypted with. During a burst of incoming messages a
// send can lose several times in a row; each lost attempt sent nothing, so trying again is safe.
const maxSessionRaceAttempts = 20

// sendWithFreshSessions runs cli.SendMessage with session reads tracked (store.TrackSessionReads),
// so that the send's write-back of the sessions it encrypted with fails rather than overwrite a
// session a concurrent decryption has advanced (which would make the peer's next messages
// undecryptable). Such a send is redone with the same message id on fresh sessions: whatsmeow
// stores the sessions before it writes the message node, so the failed attempt sent nothing.
func sendWithFreshSessions(ctx context.Context, log *slog.Logger, cli *whatsmeow.Client, to types.JID, msg *waE2E.Message, extra whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	if extra.ID == "" {
		extra.ID = cli.GenerateMessageID()
	}
	for attempt := 1; ; attempt++ {
		resp, err := cli.SendMessage(store.TrackSessionReads(ctx), to, msg, extra)
		if !errors.Is(err, store.ErrSessionChanged) || attempt == maxSessionRaceAttempts {
			return resp, err
		}
		log.Debug("session changed during send, sending again", "id", extra.ID, "attempt", attempt, "err", err)
		if err := sessionRaceBackoff(ctx, attempt); err != nil {
			return resp, err
		}
	}
}

// sessionRaceBackoff waits a jittered, growing moment (up to about 10ms) so that a retried send
// does not collide again with the same run of incoming messages. It returns early if ctx ends.
func sessionRaceBackoff(ctx context.Context, attempt int) error {
	d := time.Duration(rand.Int64N(int64(min(attempt, 20))*int64(500*time.Microsecond) + 1))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
