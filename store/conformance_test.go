package store_test

import (
	"testing"

	"github.com/botrt/botrt/store/internal/storetest"
)

// TestConformance runs every conformance scenario on whatsmeow's sqlstore (the reference) and on the
// badger store and requires identical results; see storetest for the scenarios and the deliberate
// differences (storetest.Quirks).
func TestConformance(t *testing.T) {
	storetest.RunConformance(t, storetest.SQLStore(), badgerStore())
}
