function () {
  'use strict';
  const unescape = (s) => {
    s = s.replace(/\+/g, ' ');
    try { return decodeURIComponent(s); } catch (e) { return s.replace(/%([0-9a-fA-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))); }
  };
  const escape = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  function stringifyPrimitive(v) {
    if (typeof v === 'string') return v;
    if ((typeof v === 'number' && isFinite(v)) || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
    return '';
  }
  function parse(str, sep = '&', eq = '=', options = {}) {
    const out = Object.create(null);
    if (typeof str !== 'string' || str.length === 0) return out;
    const maxKeys = options.maxKeys === undefined ? 1000 : options.maxKeys;
    const decode = typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : unescape;
    let parts = str.split(sep);
    if (maxKeys > 0) parts = parts.slice(0, maxKeys);
    for (const part of parts) {
      if (!part) continue;
      const i = part.indexOf(eq);
      const k = decode(i >= 0 ? part.slice(0, i) : part);
      const v = i >= 0 ? decode(part.slice(i + eq.length)) : '';
      if (!(k in out)) out[k] = v;
      else if (Array.isArray(out[k])) out[k].push(v);
      else out[k] = [out[k], v];
    }
    return out;
  }
  function stringify(obj, sep = '&', eq = '=', options = {}) {
    if (obj === null || typeof obj !== 'object') return '';
    const encode = typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
    const parts = [];
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const ks = encode(stringifyPrimitive(k)) + eq;
      if (Array.isArray(v)) for (const x of v) parts.push(ks + encode(stringifyPrimitive(x)));
      else parts.push(ks + encode(stringifyPrimitive(v)));
    }
    return parts.join(sep);
  }
  const qs = { parse, stringify, decode: parse, encode: stringify, escape, unescape };
  qs.default = qs;
  return qs;
}
