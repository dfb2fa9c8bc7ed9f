package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/admin"
)

// postLink posts a link request (a QR code, or a phone and its pairing code) to the admin API.
func (s *Server) postLink(ctx context.Context, req map[string]string) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	status, resp, err := s.do(ctx, http.MethodPost, "/api/link", body)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %s", status, resp)
	}
	return nil
}

// API calls the admin API and returns the status and body; it fails the test only on transport errors.
func (s *Server) API(t testing.TB, method, path string, body []byte) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	status, resp, err := s.do(ctx, method, path, body)
	if err != nil {
		t.Fatalf("testkit: %s %s: %v", method, path, err)
	}
	return status, resp
}

// Device is the linked device jid as GET /api/accounts lists it; the test fails when it is not listed.
func (s *Server) Device(t testing.TB, jid types.JID) admin.DeviceInfo {
	t.Helper()
	status, body := s.API(t, http.MethodGet, "/api/accounts", nil)
	var accts []admin.AccountInfo
	if err := json.Unmarshal(body, &accts); status != http.StatusOK || err != nil {
		t.Fatalf("testkit: accounts: %d %v", status, err)
	}
	for _, a := range accts {
		for _, d := range a.Devices {
			if d.JID == jid.String() {
				return d
			}
		}
	}
	t.Fatalf("testkit: device %s not listed", jid)
	return admin.DeviceInfo{}
}

func (s *Server) do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.URL()+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}
