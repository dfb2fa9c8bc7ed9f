package server

import "sync"

// WithholdIQ makes the server leave every iq of namespace xmlns from logged-in devices unanswered
// until the returned release is called (once; later calls do nothing). It is a fault switch for
// tests of a client's query timeout: WhatsApp answers late or never when it is overloaded, and a
// client must give up on its own. Calls nest: the namespace is answered again when every release
// ran. Requests withheld stay unanswered after release, as a lost answer would.
func (s *Server) WithholdIQ(xmlns string) (release func()) {
	s.hmu.Lock()
	if s.withheld == nil {
		s.withheld = map[string]int{}
	}
	s.withheld[xmlns]++
	s.hmu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.hmu.Lock()
			defer s.hmu.Unlock()
			if s.withheld[xmlns]--; s.withheld[xmlns] <= 0 {
				delete(s.withheld, xmlns)
			}
		})
	}
}
