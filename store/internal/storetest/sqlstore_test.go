package storetest

import "testing"

// TestSQLStoreConformance validates the suite itself: every explicit expectation must hold on the
// reference implementation, whatsmeow's own sqlstore.
func TestSQLStoreConformance(t *testing.T) {
	RunConformance(t, SQLStore())
}

func TestSQLStoreConcurrency(t *testing.T) {
	RunConcurrency(t, SQLStore(), ConcurrencyLoad{Devices: 2, Goroutines: 4, Ops: 40})
}
