package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// eventBufferServerRetention is how long WhatsApp servers keep an undelivered event: a buffered
// hash older than this can no longer be redelivered, so it is never needed again.
const eventBufferServerRetention = 14 * 24 * time.Hour

// RetentionPolicy bounds the two per-device families that grow with traffic: the decrypted-event
// buffer (one row per incoming encrypted stanza while EnableDecryptedEventBuffer is on) and message
// secrets (one row per poll, event or edited/reacted message seen). Everything else is bounded by
// the number of contacts, chats and groups.
//
// The policy, applied by Container.EnforceRetention:
//   - buffered events older than EventBufferMaxAge are deleted, for every device (whatsmeow's own
//     DeleteOldBufferedHashes does the same with 14 days);
//   - beyond MaxBufferedEventsPerDevice rows per device, the oldest-inserted are deleted. A hash
//     deleted early only matters if the server redelivers that very stanza;
//   - beyond MaxMessageSecretsPerDevice secrets per device, the oldest-inserted are deleted. Votes,
//     reactions or edits that arrive later for those oldest messages can then not be decrypted.
//
// Zero fields take the DefaultRetention values; a negative field disables that bound.
type RetentionPolicy struct {
	EventBufferMaxAge          time.Duration
	MaxBufferedEventsPerDevice int
	MaxMessageSecretsPerDevice int
}

// DefaultRetention is the policy used for zero fields: 14 days / 100,000 buffered events / 200,000
// message secrets per device (tens of MB at most for a very busy account).
func DefaultRetention() RetentionPolicy {
	return RetentionPolicy{
		EventBufferMaxAge:          eventBufferServerRetention,
		MaxBufferedEventsPerDevice: 100_000,
		MaxMessageSecretsPerDevice: 200_000,
	}
}

// RetentionReport says what one EnforceRetention run deleted.
type RetentionReport struct {
	EventsDeleted  int
	SecretsDeleted int
}

// EnforceRetention applies the policy to every device in the database, then lets badger reclaim
// value-log space. Hosts call it periodically (hourly is plenty); it is safe to run at any time
// alongside normal use.
func (c *Container) EnforceRetention(ctx context.Context, p RetentionPolicy) (RetentionReport, error) {
	def := DefaultRetention()
	if p.EventBufferMaxAge == 0 {
		p.EventBufferMaxAge = def.EventBufferMaxAge
	}
	if p.MaxBufferedEventsPerDevice == 0 {
		p.MaxBufferedEventsPerDevice = def.MaxBufferedEventsPerDevice
	}
	if p.MaxMessageSecretsPerDevice == 0 {
		p.MaxMessageSecretsPerDevice = def.MaxMessageSecretsPerDevice
	}
	var rep RetentionReport
	var err error
	if p.EventBufferMaxAge > 0 {
		if rep.EventsDeleted, err = c.deleteBufferedBefore(ctx, c.now().Add(-p.EventBufferMaxAge)); err != nil {
			return rep, err
		}
	}
	n, err := c.capFamily(ctx, famEventTime, famEventBuffer, p.MaxBufferedEventsPerDevice)
	rep.EventsDeleted += n
	if err != nil {
		return rep, err
	}
	if rep.SecretsDeleted, err = c.capFamily(ctx, famMsgSecretSeq, famMsgSecret, p.MaxMessageSecretsPerDevice); err != nil {
		return rep, err
	}
	return rep, c.db.collectValueLog()
}

// indexRow is one row of a time index (et, mq): wa/<index>/<jid> 0x00 time(8) rest, pointing at
// the data row wa/<data>/<jid> 0x00 rest.
type indexRow struct {
	jid  string
	time uint64
	key  []byte
	data []byte
}

func parseIndexRow(indexFam, dataFam string, key []byte) (indexRow, bool) {
	rest := key[len("wa/")+len(indexFam)+1:]
	i := bytes.IndexByte(rest, sep)
	if i < 0 || len(rest) < i+1+8 {
		return indexRow{}, false
	}
	jid := string(rest[:i])
	return indexRow{
		jid:  jid,
		time: binary.BigEndian.Uint64(rest[i+1:]),
		key:  key,
		data: concat(familyPrefix(dataFam, jid), rest[i+1+8:]),
	}, true
}

// scanIndex calls fn for every row of a time index (all devices), in jid then time order.
func (db *DB) scanIndex(ctx context.Context, indexFam, dataFam string, fn func(r indexRow) error) error {
	prefix := []byte("wa/" + indexFam + "/")
	return db.View(ctx, func(txn *badger.Txn) error {
		return scan(txn, prefix, false, func(item *badger.Item) error {
			r, ok := parseIndexRow(indexFam, dataFam, item.KeyCopy(nil))
			if !ok {
				return fmt.Errorf("%w: index key %q", errCorrupt, item.Key())
			}
			return fn(r)
		})
	})
}

// deleteRows deletes index rows with their data rows, committing in parts if needed.
func (db *DB) deleteRows(ctx context.Context, rows []indexRow) error {
	return db.putEach(ctx, "retention", len(rows), true, func(tx *Tx, i int) error {
		if err := tx.Delete(rows[i].data); err != nil {
			return err
		}
		return tx.Delete(rows[i].key)
	})
}

// deleteBufferedBefore deletes the buffered events of every device inserted before cutoff.
func (c *Container) deleteBufferedBefore(ctx context.Context, cutoff time.Time) (int, error) {
	limit := uint64(cutoff.UnixMilli())
	var old []indexRow
	err := c.db.scanIndex(ctx, famEventTime, famEventBuffer, func(r indexRow) error {
		if r.time < limit {
			old = append(old, r)
		}
		return nil
	})
	if err == nil {
		err = c.db.deleteRows(ctx, old)
	}
	if err != nil {
		return 0, fmt.Errorf("store: delete old buffered events: %w", err)
	}
	return len(old), nil
}

// capFamily deletes the oldest rows of each device beyond limit (limit < 0: no cap).
func (c *Container) capFamily(ctx context.Context, indexFam, dataFam string, limit int) (int, error) {
	if limit < 0 {
		return 0, nil
	}
	counts := map[string]int{}
	err := c.db.scanIndex(ctx, indexFam, dataFam, func(r indexRow) error {
		counts[r.jid]++
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: count %s rows: %w", dataFam, err)
	}
	var excess []indexRow
	seen := map[string]int{}
	err = c.db.scanIndex(ctx, indexFam, dataFam, func(r indexRow) error {
		if seen[r.jid] < counts[r.jid]-limit {
			excess = append(excess, r)
		}
		seen[r.jid]++
		return nil
	})
	if err == nil {
		err = c.db.deleteRows(ctx, excess)
	}
	if err != nil {
		return 0, fmt.Errorf("store: cap %s rows: %w", dataFam, err)
	}
	return len(excess), nil
}

// collectValueLog rewrites value-log files that are mostly garbage (large values superseded or
// deleted) until none is left worth rewriting.
func (db *DB) collectValueLog() error {
	if db.bdb.Opts().InMemory {
		return nil
	}
	for {
		err := db.bdb.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: value log GC: %w", err)
		}
	}
}
