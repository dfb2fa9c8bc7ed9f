package store_test

import (
	"testing"

	"github.com/botrt/botrt/store/internal/storetest"
)

// TestConcurrentSessions has 3 accounts × 6 goroutines read and write sessions of the same and of
// different devices at once, decryption transactions included (see storetest.RunConcurrency).
func TestConcurrentSessions(t *testing.T) {
	storetest.RunConcurrency(t, badgerStore(), storetest.ConcurrencyLoad{Devices: 3, Goroutines: 6, Ops: 200})
}
