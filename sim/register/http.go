package register

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

const maxBody = 1 << 16

func (s *Service) routes() {
	s.srv.HandleHTTP("GET /api/registrations", http.HandlerFunc(s.list))
	s.srv.HandleHTTP("POST /api/registrations", http.HandlerFunc(s.request))
	s.srv.HandleHTTP("POST /api/registrations/verify", http.HandlerFunc(s.verify))
}

// list is GET /api/registrations: the pending codes.
func (s *Service) list(w http.ResponseWriter, r *http.Request) {
	regs, err := s.Pending()
	if err != nil {
		s.fail(w, err)
		return
	}
	if regs == nil {
		regs = []Registration{}
	}
	writeJSON(w, http.StatusOK, regs)
}

// request is POST /api/registrations {"phone","method"}: issues a code and returns it.
func (s *Service) request(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Phone  string `json:"phone"`
		Method string `json:"method"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON {phone, method}: " + err.Error()})
		return
	}
	reg, err := s.RequestCode(r.Context(), body.Phone, body.Method)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, reg)
}

// verify is POST /api/registrations/verify {"phone","code","name"}: creates the account.
func (s *Service) verify(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Phone string `json:"phone"`
		Code  string `json:"code"`
		Name  string `json:"name"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON {phone, code, name}: " + err.Error()})
		return
	}
	acct, err := s.Verify(r.Context(), body.Phone, body.Code, body.Name)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"jid": acct.JID().String(), "lid": acct.LIDJID().String(),
		"created": acct.Created.Format(time.RFC3339)})
}

func (s *Service) fail(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, ErrBadRequest):
		status = http.StatusBadRequest
	case errors.Is(err, ErrRegistered):
		status = http.StatusConflict
	case errors.Is(err, ErrNoCode):
		status = http.StatusNotFound
	case errors.Is(err, ErrWrongCode):
		status = http.StatusForbidden
	default:
		s.srv.Logger().Error("sim/register", "err", err)
	}
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
