function (native) {
  'use strict';
  const EventEmitter = native.EventEmitter;

  function cacheError(code, message) {
    const e = new Error(message);
    e.name = code;
    e.errorcode = code;
    return e;
  }
  // clone copies values the way node-cache's useClones does: deep for data,
  // functions and class instances' methods by reference.
  function clone(v, seen = new Map()) {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    let out;
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (typeof Buffer === 'function' && v instanceof Buffer) out = Buffer.from(v);
    else if (ArrayBuffer.isView(v)) out = v.slice();
    else if (v instanceof Map) { out = new Map(); seen.set(v, out); for (const [k, x] of v) out.set(k, clone(x, seen)); return out; }
    else if (v instanceof Set) { out = new Set(); seen.set(v, out); for (const x of v) out.add(clone(x, seen)); return out; }
    else if (v instanceof Promise || v instanceof Error) return v;
    else {
      out = Array.isArray(v) ? [] : Object.create(Object.getPrototypeOf(v));
      seen.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k], seen);
      return out;
    }
    seen.set(v, out);
    return out;
  }
  function size(v) {
    if (typeof v === 'string') return v.length;
    if (typeof v === 'number' || typeof v === 'boolean') return 8;
    if (v && typeof v === 'object') { try { return JSON.stringify(v).length; } catch (e) { return 0; } }
    return 0;
  }

  class NodeCache extends EventEmitter {
    constructor(options = {}) {
      super();
      this.options = Object.assign({ forceString: false, objectValueSize: 80, promiseValueSize: 80, arrayValueSize: 40,
        stdTTL: 0, checkperiod: 600, useClones: true, deleteOnExpire: true, enableLegacyCallbacks: false, maxKeys: -1 }, options);
      this.data = new Map();
      this.stats = { hits: 0, misses: 0, keys: 0, ksize: 0, vsize: 0 };
      this._timer = null;
      this._check();
    }
    _key(key) {
      if (typeof key !== 'string' && typeof key !== 'number') {
        throw cacheError('EKEYTYPE', 'The key argument has to be of type `string` or `number`. Found: `' + typeof key + '`');
      }
      return key;
    }
    _expires(ttl) {
      ttl = ttl === undefined ? this.options.stdTTL : Number(ttl);
      return ttl === 0 ? 0 : Date.now() + ttl * 1000;
    }
    // _live returns the entry for key, expiring it if its time passed.
    _live(key) {
      const e = this.data.get(key);
      if (!e) return undefined;
      if (e.t !== 0 && e.t < Date.now()) {
        if (this.options.deleteOnExpire) {
          this._remove(key, e);
          this.emit('expired', key, e.v);
          return undefined;
        }
        this.emit('expired', key, e.v);
      }
      return e;
    }
    _remove(key, e) {
      this.data.delete(key);
      this.stats.keys--;
      this.stats.ksize -= size(key);
      this.stats.vsize -= size(e.v);
    }
    _unwrap(e) { return this.options.useClones ? clone(e.v) : e.v; }
    get(key) {
      const e = this._live(this._key(key));
      if (!e) { this.stats.misses++; return undefined; }
      this.stats.hits++;
      return this._unwrap(e);
    }
    mget(keys) {
      if (!Array.isArray(keys)) throw cacheError('EKEYSTYPE', 'The keys argument has to be an array.');
      const out = {};
      for (const k of keys) {
        const e = this._live(this._key(k));
        if (e) { this.stats.hits++; out[k] = this._unwrap(e); } else this.stats.misses++;
      }
      return out;
    }
    set(key, value, ttl) {
      key = this._key(key);
      if (this.options.maxKeys > -1 && this.stats.keys >= this.options.maxKeys && !this.data.has(key)) {
        throw cacheError('ECACHEFULL', 'Cache max keys amount exceeded');
      }
      if (this.options.forceString && typeof value !== 'string') value = JSON.stringify(value);
      const old = this.data.get(key);
      if (old) this._remove(key, old);
      const v = this.options.useClones ? clone(value) : value;
      this.data.set(key, { v, t: this._expires(ttl) });
      this.stats.keys++;
      this.stats.ksize += size(key);
      this.stats.vsize += size(v);
      this.emit('set', key, value);
      return true;
    }
    mset(list) {
      if (!Array.isArray(list)) throw cacheError('EKEYSTYPE', 'The keys argument has to be an array.');
      for (const { key, val, ttl } of list) this._key(key);
      for (const { key, val, ttl } of list) this.set(key, val, ttl);
      return true;
    }
    del(keys) {
      let n = 0;
      for (const k of Array.isArray(keys) ? keys : [keys]) {
        const key = this._key(k);
        const e = this.data.get(key);
        if (e) { this._remove(key, e); n++; this.emit('del', key, e.v); }
      }
      return n;
    }
    take(key) { const v = this.get(key); if (v !== undefined) this.del(key); return v; }
    has(key) { return this._live(this._key(key)) !== undefined; }
    keys() { return [...this.data.keys()].filter((k) => this._live(k)); }
    ttl(key, ttl) {
      const e = this._live(this._key(key));
      if (!e) return false;
      if (ttl !== undefined && Number(ttl) < 0) { this.del(key); return true; }
      e.t = this._expires(ttl);
      return true;
    }
    getTtl(key) {
      const e = this._live(this._key(key));
      return e ? e.t : undefined;
    }
    getStats() { return Object.assign({}, this.stats); }
    flushAll() {
      this.data.clear();
      this.stats = { hits: 0, misses: 0, keys: 0, ksize: 0, vsize: 0 };
      this.emit('flush');
    }
    flushStats() { this.stats = Object.assign(this.stats, { hits: 0, misses: 0 }); this.emit('flush_stats'); }
    close() { if (this._timer) { clearTimeout(this._timer); this._timer = null; } }
    _check() {
      for (const k of [...this.data.keys()]) this._live(k);
      // The periodic sweep must not keep the bot alive on its own.
      if (this.options.checkperiod > 0 && typeof setTimeout === 'function') {
        this._timer = setTimeout(() => this._check(), this.options.checkperiod * 1000);
        if (this._timer && typeof this._timer.unref === 'function') this._timer.unref();
      }
    }
  }
  NodeCache.NodeCache = NodeCache;
  NodeCache.default = NodeCache;
  return NodeCache;
}
