package storetest

import (
	"strings"
	"testing"
)

// scenario is one conformance case. run drives the store through env and records every observable
// result; expectations that must hold on every backend are checked with env.expect.
type scenario struct {
	name string
	run  func(e *env)
}

// scenarios is the whole table, one group per store concern (see the scenarios_*.go files).
func scenarios() []scenario {
	var all []scenario
	for _, group := range [][]scenario{
		deviceScenarios, signalScenarios, preKeyScenarios, appStateScenarios,
		contactScenarios, secretScenarios, lidScenarios, txnScenarios, randomScenarios,
	} {
		all = append(all, group...)
	}
	return all
}

// RunConformance runs every scenario on every backend and requires the transcripts to be identical
// to the first backend's (the reference). With a single backend it still checks every explicit
// expectation, which is how the suite itself is validated against sqlstore.
func RunConformance(t *testing.T, backends ...Backend) {
	if len(backends) == 0 {
		t.Fatal("RunConformance needs at least one backend")
	}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			transcripts := make([][]string, len(backends))
			for i, b := range backends {
				t.Run(b.Name, func(t *testing.T) {
					e := newEnv(t, b)
					sc.run(e)
					transcripts[i] = e.lines
				})
			}
			for i := 1; i < len(backends); i++ {
				if transcripts[0] == nil || transcripts[i] == nil {
					continue // a backend failed fatally; its own subtest reports why
				}
				diffTranscripts(t, backends[0].Name, transcripts[0], backends[i].Name, transcripts[i])
			}
		})
	}
}

// diffTranscripts reports the first lines where two transcripts part ways.
func diffTranscripts(t *testing.T, refName string, ref []string, gotName string, got []string) {
	t.Helper()
	n := max(len(ref), len(got))
	reported := 0
	for i := 0; i < n && reported < 5; i++ {
		var r, g string
		if i < len(ref) {
			r = ref[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if r != g {
			t.Errorf("step %d differs:\n  %-10s %s\n  %-10s %s", i, refName, r, gotName, g)
			reported++
		}
	}
	if reported == 0 && len(ref) != len(got) {
		t.Errorf("transcripts differ in length: %s %d, %s %d\n%s", refName, len(ref), gotName, len(got), strings.Join(got, "\n"))
	}
}
