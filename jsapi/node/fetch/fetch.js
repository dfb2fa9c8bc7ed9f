function (native) {
  'use strict';
  const kList = Symbol('headers');
  function norm(name) {
    name = String(name);
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new TypeError('Invalid header name: "' + name + '"');
    return name.toLowerCase();
  }
  class Headers {
    constructor(init) {
      Object.defineProperty(this, kList, { value: new Map() });
      if (init == null) return;
      if (init instanceof Headers) init.forEach((v, k) => this.append(k, v));
      else if (Array.isArray(init)) for (const pair of init) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('Headers constructor: expected name/value pairs');
        this.append(pair[0], pair[1]);
      }
      else if (typeof init === 'object') for (const k of Object.keys(init)) this.append(k, init[k]);
      else throw new TypeError('Headers constructor: unsupported init');
    }
    append(k, v) { const n = norm(k); const cur = this[kList].get(n); this[kList].set(n, cur === undefined ? String(v) : cur + ', ' + v); }
    set(k, v) { this[kList].set(norm(k), String(v)); }
    get(k) { const v = this[kList].get(norm(k)); return v === undefined ? null : v; }
    has(k) { return this[kList].has(norm(k)); }
    delete(k) { this[kList].delete(norm(k)); }
    forEach(fn, self) { for (const [k, v] of this.entries()) fn.call(self, v, k, this); }
    *entries() { yield* [...this[kList].entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)); }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    getSetCookie() { const v = this.get('set-cookie'); return v === null ? [] : v.split(', '); }
    [Symbol.iterator]() { return this.entries(); }
  }

  function bodyBytes(body) {
    if (body === undefined || body === null) return { bytes: null, type: null };
    if (typeof body === 'string') return { bytes: body, type: 'text/plain;charset=UTF-8' };
    if (body instanceof URLSearchParams) return { bytes: body.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { bytes: body, type: null };
    throw new TypeError('fetch: body must be a string, Buffer, TypedArray, ArrayBuffer or URLSearchParams in botrt (got ' +
      ((body.constructor && body.constructor.name) || typeof body) + ')');
  }

  class Body {
    constructor(bytes) {
      Object.defineProperty(this, '_bytes', { value: bytes, writable: true });
      this.bodyUsed = false;
    }
    _take() {
      if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.bodyUsed = true;
      return Promise.resolve(this._bytes || new Uint8Array(0));
    }
    text() { return this._take().then((b) => new TextDecoder().decode(b)); }
    json() { return this.text().then((t) => JSON.parse(t)); }
    arrayBuffer() { return this._take().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); }
    bytes() { return this._take().then((b) => new Uint8Array(b)); }
    buffer() { return this._take().then((b) => Buffer.from(b)); }
    blob() { return Promise.reject(new Error('Response.blob is not implemented in botrt; use arrayBuffer()')); }
    formData() { return Promise.reject(new Error('Response.formData is not implemented in botrt')); }
    get body() { throw new Error('Response.body streams are not implemented in botrt; use text(), json() or arrayBuffer()'); }
  }

  class Response extends Body {
    constructor(body, init = {}) {
      const b = bodyBytes(body);
      super(typeof b.bytes === 'string' ? new TextEncoder().encode(b.bytes) : b.bytes ? new Uint8Array(ArrayBuffer.isView(b.bytes) ? b.bytes.buffer.slice(b.bytes.byteOffset, b.bytes.byteOffset + b.bytes.byteLength) : b.bytes.slice(0)) : null);
      this.status = init.status === undefined ? 200 : init.status;
      this.statusText = init.statusText || '';
      this.ok = this.status >= 200 && this.status < 300;
      this.headers = new Headers(init.headers);
      if (b.type && !this.headers.has('content-type')) this.headers.set('content-type', b.type);
      this.url = '';
      this.redirected = false;
      this.type = 'default';
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      const r = new Response(null, { status: this.status, statusText: this.statusText, headers: this.headers });
      r._bytes = this._bytes;
      r.url = this.url;
      r.redirected = this.redirected;
      return r;
    }
    static json(data, init) {
      const h = new Headers(init && init.headers);
      h.set('content-type', 'application/json');
      return new Response(JSON.stringify(data), Object.assign({}, init, { headers: h }));
    }
    static error() { const r = new Response(null, { status: 0 }); r.type = 'error'; return r; }
  }

  class Request {
    constructor(input, init = {}) {
      this.url = input instanceof Request ? input.url : String(input);
      this.method = String(init.method || (input instanceof Request ? input.method : 'GET')).toUpperCase();
      this.headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      this.signal = init.signal || (input instanceof Request ? input.signal : undefined);
      this.redirect = init.redirect || 'follow';
      Object.defineProperty(this, '_body', { value: init.body !== undefined ? init.body : input instanceof Request ? input._body : undefined });
    }
  }

  function fetch(input, init = {}) {
    return new Promise((resolve, reject) => {
      const req = input instanceof Request ? new Request(input, init) : new Request(String(input && input.href ? input.href : input), init);
      const signal = req.signal;
      if (signal && signal.aborted) return reject(signal.reason);
      const body = bodyBytes(req._body);
      if (body.bytes !== null && (req.method === 'GET' || req.method === 'HEAD')) {
        return reject(new TypeError('Request with ' + req.method + ' method cannot have body.'));
      }
      if (body.type && !req.headers.has('content-type')) req.headers.set('content-type', body.type);
      let settled = false;
      const onAbort = () => { if (!settled) { settled = true; cancel(); reject(signal.reason); } };
      const cancel = native.request(req.method, req.url, [...req.headers.entries()], body.bytes, req.redirect, (err, r) => {
        if (signal) signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        if (err) {
          const e = new TypeError('fetch failed');
          e.cause = err;
          return reject(e);
        }
        const res = new Response(null, { status: r.status, statusText: r.statusText, headers: r.headers });
        res._bytes = new Uint8Array(r.body);
        res.url = r.url;
        res.redirected = r.redirected;
        resolve(res);
      });
      if (signal) signal.addEventListener('abort', onAbort);
    });
  }
  return { fetch, Headers, Request, Response };
}
