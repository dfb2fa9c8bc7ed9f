package axios_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/encoding"
	"github.com/botrt/botrt/jsapi/node/fetch"
	"github.com/botrt/botrt/jsapi/node/web"
	"github.com/botrt/botrt/jsapi/shims/axios"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

func TestAxiosOverFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/chat":
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{
				"method": r.Method, "query": r.URL.RawQuery, "ctype": r.Header.Get("Content-Type"),
				"auth": r.Header.Get("Authorization"), "body": string(body), "x": r.Header.Get("X-Key"),
			})
		case "/bin":
			w.Write([]byte{1, 2, 3})
		case "/slow":
			<-r.Context().Done()
		default:
			w.WriteHeader(http.StatusTeapot)
			fmt.Fprint(w, `{"error":"short and stout"}`)
		}
	}))
	defer srv.Close()
	cfg := fetch.Config{Client: srv.Client()}
	e := runtimetest.Start(t, runtimetest.Options{
		Globals: []runtime.Global{buffer.Global(), encoding.Global(), web.Global(), fetch.Global(cfg)},
		Modules: map[string]runtime.Module{"axios": axios.Module()},
		Files: map[string]string{"ai.js": fmt.Sprintf(`
const axios = require('axios');
(async () => {
  const api = axios.create({ baseURL: %q + '/v1', headers: { 'X-Key': 'k1' }, timeout: 2000 });
  api.interceptors.request.use((c) => { c.headers['x-key'] = c.headers['x-key'] + '+i'; return c; });
  const r = await api.post('/chat', { prompt: 'hi' }, { params: { model: 'm', tags: ['a', 'b'], skip: undefined } });
  const g = await axios.get(%q, { auth: { username: 'u', password: 'p' } });
  const bin = await axios.get(%q, { responseType: 'arraybuffer' });
  let teapot = '';
  try { await axios.get(%q); } catch (err) { teapot = [axios.isAxiosError(err), err.code, err.response.status, err.response.data.error].join('/'); }
  let slow = '';
  try { await axios.get(%q, { timeout: 30 }); } catch (err) { slow = err.code + ' ' + err.message; }
  console.log('AXIOS', r.status, r.data.method, r.data.query, r.data.ctype, r.data.body, r.data.x,
    g.data.auth, Buffer.isBuffer(bin.data) && bin.data.toString('hex'), teapot, slow, r.headers['content-type']);
})();
`, srv.URL, srv.URL+"/v1/chat", srv.URL+"/bin", srv.URL+"/tea", srv.URL+"/slow")},
	})
	line := e.Logs.Wait("AXIOS")
	want := `AXIOS 200 POST model=m&tags%5B%5D=a&tags%5B%5D=b application/json {"prompt":"hi"} k1+i Basic dTpw 010203 true/ERR_BAD_REQUEST/418/short and stout ECONNABORTED timeout of 30ms exceeded application/json`
	if !strings.Contains(line, want) {
		t.Fatalf("got  %s\nwant %s", line, want)
	}
}
