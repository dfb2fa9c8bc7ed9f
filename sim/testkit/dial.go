package testkit

import (
	"net/http"

	"github.com/botrt/botrt/sim/client"
)

// httpClient sends every request of a whatsmeow client to the simulator whatever host it names.
func (s *Server) httpClient() *http.Client { return client.HTTPClient(s.Addr) }
