package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
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
