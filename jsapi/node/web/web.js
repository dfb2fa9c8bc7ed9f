function () {
  'use strict';
  const codes = { AbortError: 20, TimeoutError: 23, DataCloneError: 25, InvalidStateError: 11, NotSupportedError: 9 };
  class DOMException extends Error {
    constructor(message = '', name = 'Error') {
      super(message);
      Object.defineProperty(this, 'name', { value: String(name), configurable: true, writable: true });
      Object.defineProperty(this, 'code', { value: codes[name] || 0, configurable: true });
    }
  }

  class Event {
    constructor(type, init = {}) {
      this.type = String(type);
      this.bubbles = !!init.bubbles;
      this.cancelable = !!init.cancelable;
      this.defaultPrevented = false;
      this.timeStamp = Date.now();
      this.target = null;
      this.currentTarget = null;
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { this._stop = true; }
  }

  const kListeners = Symbol('listeners');
  class EventTarget {
    constructor() { Object.defineProperty(this, kListeners, { value: new Map() }); }
    addEventListener(type, fn, opts) {
      if (fn === null || fn === undefined) return;
      const once = typeof opts === 'object' && opts !== null && !!opts.once;
      if (opts && opts.signal) {
        if (opts.signal.aborted) return;
        opts.signal.addEventListener('abort', () => this.removeEventListener(type, fn), { once: true });
      }
      let list = this[kListeners].get(type);
      if (!list) this[kListeners].set(type, list = []);
      if (!list.some((l) => l.fn === fn)) list.push({ fn, once });
    }
    removeEventListener(type, fn) {
      const list = this[kListeners].get(type);
      if (!list) return;
      const i = list.findIndex((l) => l.fn === fn);
      if (i >= 0) list.splice(i, 1);
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event.');
      event.target = event.currentTarget = this;
      const handler = this['on' + event.type];
      const list = (this[kListeners].get(event.type) || []).slice();
      if (typeof handler === 'function') list.unshift({ fn: handler, once: false });
      for (const l of list) {
        if (l.once) this.removeEventListener(event.type, l.fn);
        try {
          if (typeof l.fn === 'function') l.fn.call(this, event); else l.fn.handleEvent(event);
        } catch (err) {
          // A throwing listener must not stop the others; report it like Node.
          queueMicrotask(() => { throw err; });
        }
        if (event._stop) break;
      }
      return !event.defaultPrevented;
    }
  }

  const kAbort = Symbol('abort');
  class AbortSignal extends EventTarget {
    constructor(key) {
      if (key !== kAbort) throw new TypeError('Illegal constructor');
      super();
      this.aborted = false;
      this.reason = undefined;
      this.onabort = null;
    }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    [kAbort](reason) {
      if (this.aborted) return;
      this.aborted = true;
      this.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
      this.dispatchEvent(new Event('abort'));
    }
    static abort(reason) { const s = new AbortSignal(kAbort); s[kAbort](reason); return s; }
    static timeout(ms) {
      const s = new AbortSignal(kAbort);
      const t = setTimeout(() => s[kAbort](new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
      // A pending timeout signal must not keep the bot alive (as in Node).
      if (t && typeof t.unref === 'function') t.unref();
      return s;
    }
    static any(signals) {
      const s = new AbortSignal(kAbort);
      for (const sig of signals) {
        if (sig.aborted) { s[kAbort](sig.reason); return s; }
      }
      for (const sig of signals) sig.addEventListener('abort', () => s[kAbort](sig.reason), { once: true });
      return s;
    }
  }
  class AbortController {
    constructor() { this.signal = new AbortSignal(kAbort); }
    abort(reason) { this.signal[kAbort](reason); }
  }

  function structuredClone(value, options) {
    if (options && options.transfer && options.transfer.length) {
      throw new DOMException('structuredClone: transfer is not supported in botrt', 'NotSupportedError');
    }
    const seen = new Map();
    const fail = (v) => { throw new DOMException((typeof v === 'function' ? (v.name || 'function') + '() {}' : String(v)) + ' could not be cloned.', 'DataCloneError'); };
    function clone(v) {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
        if (typeof v === 'symbol') fail(v);
        return v;
      }
      if (typeof v === 'function') fail(v);
      if (seen.has(v)) return seen.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) {
        const buf = v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
        if (v instanceof DataView) out = new DataView(buf);
        else {
          // A Buffer clones to a plain Uint8Array, as in Node.
          const Ctor = typeof Buffer === 'function' && v instanceof Buffer ? Uint8Array : v.constructor;
          out = new Ctor(buf);
        }
      } else if (v instanceof Map) {
        out = new Map();
        seen.set(v, out);
        for (const [k, x] of v) out.set(clone(k), clone(x));
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        seen.set(v, out);
        for (const x of v) out.add(clone(x));
        return out;
      } else if (v instanceof Error) {
        const Ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[v.name] || Error;
        out = new Ctor(v.message);
        seen.set(v, out);
        if (v.stack !== undefined) out.stack = v.stack;
        if ('cause' in v) out.cause = clone(v.cause);
        return out;
      } else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
        fail(v);
      } else if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        out = Object(v.valueOf());
      } else if (Array.isArray(v)) {
        out = new Array(v.length);
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      } else {
        out = {};
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      seen.set(v, out);
      return out;
    }
    return clone(value);
  }

  return { DOMException, Event, EventTarget, AbortController, AbortSignal, structuredClone };
}
