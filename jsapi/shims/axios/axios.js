function () {
  'use strict';
  class AxiosError extends Error {
    constructor(message, code, config, request, response) {
      super(message);
      this.name = 'AxiosError';
      this.code = code;
      this.config = config;
      this.request = request;
      this.response = response;
      this.status = response ? response.status : undefined;
      this.isAxiosError = true;
    }
    toJSON() { return { message: this.message, name: this.name, code: this.code, status: this.status }; }
  }
  AxiosError.ERR_BAD_REQUEST = 'ERR_BAD_REQUEST';
  AxiosError.ERR_BAD_RESPONSE = 'ERR_BAD_RESPONSE';
  AxiosError.ECONNABORTED = 'ECONNABORTED';
  AxiosError.ERR_NETWORK = 'ERR_NETWORK';
  AxiosError.ERR_CANCELED = 'ERR_CANCELED';

  const isPlainObject = (v) => v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
  function lowerHeaders(h) {
    const out = {};
    if (!h) return out;
    if (typeof h.forEach === 'function' && !isPlainObject(h)) { h.forEach((v, k) => { out[k.toLowerCase()] = v; }); return out; }
    for (const k of Object.keys(h)) if (h[k] !== undefined && h[k] !== null && typeof h[k] !== 'object') out[k.toLowerCase()] = String(h[k]);
    return out;
  }
  function merge(a = {}, b = {}) {
    const out = Object.assign({}, a, b);
    out.headers = Object.assign({}, lowerHeaders(a.headers && a.headers.common), lowerHeaders(a.headers), lowerHeaders(b.headers));
    return out;
  }
  function buildURL(config) {
    let url = config.url || '';
    if (config.baseURL && !/^[a-z][a-z\d+\-.]*:\/\//i.test(url)) url = config.baseURL.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, '');
    const params = config.params;
    if (params) {
      let qs;
      if (params instanceof URLSearchParams) qs = params.toString();
      else if (typeof config.paramsSerializer === 'function') qs = config.paramsSerializer(params);
      else {
        const sp = new URLSearchParams();
        for (const [k, v] of Object.entries(params)) {
          if (v === undefined || v === null) continue;
          if (Array.isArray(v)) v.forEach((x) => sp.append(k + '[]', x instanceof Date ? x.toISOString() : typeof x === 'object' ? JSON.stringify(x) : String(x)));
          else sp.append(k, v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v));
        }
        qs = sp.toString();
      }
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    return url;
  }
  function body(config, headers) {
    const d = config.data;
    if (d === undefined || d === null) return undefined;
    if (typeof d === 'string' || d instanceof URLSearchParams || d instanceof ArrayBuffer || ArrayBuffer.isView(d)) return d;
    if (typeof d === 'object') {
      if (!headers['content-type']) headers['content-type'] = 'application/json';
      if (headers['content-type'].includes('application/x-www-form-urlencoded')) return new URLSearchParams(d).toString();
      return JSON.stringify(d);
    }
    return String(d);
  }

  async function dispatch(config) {
    const headers = Object.assign({}, config.headers);
    if (config.auth) headers.authorization = 'Basic ' + btoa((config.auth.username || '') + ':' + (config.auth.password || ''));
    if (config.responseType === 'stream') {
      throw new AxiosError('responseType "stream" is not supported by botrt\'s axios; use "arraybuffer"', 'ERR_NOT_SUPPORT', config);
    }
    const method = String(config.method || 'get').toUpperCase();
    const url = buildURL(config);
    const signals = [];
    if (config.signal) signals.push(config.signal);
    if (config.timeout > 0) signals.push(AbortSignal.timeout(config.timeout));
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    let res;
    try {
      res = await fetch(url, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body(config, headers), signal,
        redirect: config.maxRedirects === 0 ? 'manual' : 'follow' });
    } catch (e) {
      if (config.signal && config.signal.aborted) {
        const c = new AxiosError('canceled', 'ERR_CANCELED', config);
        c.name = 'CanceledError';
        throw c;
      }
      if (e && (e.name === 'TimeoutError' || (e.cause && e.cause.code === 'UND_ERR_CONNECT_TIMEOUT'))) {
        throw new AxiosError('timeout of ' + config.timeout + 'ms exceeded', 'ECONNABORTED', config);
      }
      const cause = e && e.cause ? e.cause : e;
      const err = new AxiosError((cause && cause.message) || 'Network Error', (cause && cause.code) || 'ERR_NETWORK', config);
      err.cause = cause;
      throw err;
    }
    const raw = new Uint8Array(await res.arrayBuffer());
    let data;
    switch (config.responseType) {
      case 'arraybuffer': data = Buffer.from(raw); break;
      case 'text': data = new TextDecoder().decode(raw); break;
      default: {
        const text = new TextDecoder().decode(raw);
        data = text;
        if (config.responseType === 'json' || text.length) {
          try { data = JSON.parse(text); } catch (e) {
            if (config.responseType === 'json') throw new AxiosError('response is not valid JSON: ' + e.message, 'ERR_BAD_RESPONSE', config);
          }
        }
      }
    }
    const response = { data, status: res.status, statusText: res.statusText, headers: lowerHeaders(res.headers), config, request: { url } };
    const validate = config.validateStatus === undefined ? (s) => s >= 200 && s < 300 : config.validateStatus;
    if (validate && !validate(res.status)) {
      throw new AxiosError('Request failed with status code ' + res.status, res.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', config, response.request, response);
    }
    return response;
  }

  class Interceptors {
    constructor() { this.handlers = []; }
    use(fulfilled, rejected) { this.handlers.push({ fulfilled, rejected }); return this.handlers.length - 1; }
    eject(id) { this.handlers[id] = null; }
    clear() { this.handlers = []; }
  }

  function create(defaults = {}) {
    const instanceDefaults = merge({ headers: { common: { accept: 'application/json, text/plain, */*' } }, timeout: 0 }, defaults);
    const interceptors = { request: new Interceptors(), response: new Interceptors() };
    async function request(configOrUrl, config) {
      let c = typeof configOrUrl === 'string' ? Object.assign({}, config, { url: configOrUrl }) : Object.assign({}, configOrUrl);
      c = merge(instance.defaults, c);
      for (const h of interceptors.request.handlers.slice().reverse()) if (h && h.fulfilled) c = (await h.fulfilled(c)) || c;
      let p = dispatch(c);
      for (const h of interceptors.response.handlers) if (h) p = p.then(h.fulfilled, h.rejected);
      return p;
    }
    const instance = (a, b) => request(a, b);
    instance.defaults = instanceDefaults;
    instance.interceptors = interceptors;
    instance.request = request;
    for (const m of ['get', 'delete', 'head', 'options']) instance[m] = (url, config) => request(Object.assign({}, config, { url, method: m }));
    for (const m of ['post', 'put', 'patch']) instance[m] = (url, data, config) => request(Object.assign({}, config, { url, method: m, data }));
    instance.getUri = (config) => buildURL(merge(instance.defaults, config));
    instance.create = (more) => create(merge(instance.defaults, more));
    return instance;
  }

  const axios = create();
  axios.AxiosError = AxiosError;
  axios.CanceledError = AxiosError;
  axios.isAxiosError = (e) => !!(e && e.isAxiosError);
  axios.isCancel = (e) => !!(e && e.code === 'ERR_CANCELED');
  axios.all = (ps) => Promise.all(ps);
  axios.spread = (fn) => (arr) => fn(...arr);
  axios.Axios = function () { throw new Error('new Axios() is not supported by botrt\'s axios; use axios.create()'); };
  axios.default = axios;
  axios.axios = axios;
  return axios;
}
