function (native) {
  'use strict';
  const customInspect = Symbol.for('nodejs.util.inspect.custom');
  const customPromisify = Symbol.for('nodejs.util.promisify.custom');
  const identRe = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  const defaults = { depth: 2, showHidden: false, maxArrayLength: 100, maxStringLength: 10000, breakLength: 80, sorted: false, compact: 3, colors: false, getters: false };

  function typeError(name, type, v) {
    const e = new TypeError('The "' + name + '" argument must be of type ' + type + '. Received ' +
      (v === null ? 'null' : v === undefined ? 'undefined' : typeof v === 'object' ? 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object') : 'type ' + typeof v + ' (' + String(v) + ')'));
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }
  function quote(s) {
    const q = s.includes("'") ? (s.includes('"') ? '`' : '"') : "'";
    return q + s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r') + q;
  }
  function ctorName(o) {
    const p = Object.getPrototypeOf(o);
    if (p === null) return null;
    const c = p.constructor;
    return typeof c === 'function' && c.name ? c.name : '';
  }
  function fmtKey(k) {
    if (typeof k === 'symbol') return '[' + k.toString() + ']';
    return identRe.test(k) ? k : quote(k);
  }
  function fmtPrimitive(v, ctx) {
    switch (typeof v) {
      case 'string': {
        const s = v.length > ctx.maxStringLength ? v.slice(0, ctx.maxStringLength) : v;
        const more = v.length - s.length;
        return quote(s) + (more > 0 ? '... ' + more + ' more character' + (more > 1 ? 's' : '') : '');
      }
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return String(v) + 'n';
      case 'symbol': return v.toString();
      case 'undefined': return 'undefined';
      default: return String(v);
    }
  }
  function join(open, parts, close, ctx, indent) {
    if (parts.length === 0) return open + close;
    const flat = open + ' ' + parts.join(', ') + ' ' + close;
    if (ctx.compact !== false && flat.length + indent <= ctx.breakLength && !flat.includes('\n')) return flat;
    const pad = ' '.repeat(indent + 2);
    return open + '\n' + pad + parts.join(',\n' + pad) + '\n' + ' '.repeat(indent) + close;
  }
  function fmtValue(v, ctx, depth, indent) {
    if (v === null) return 'null';
    if (typeof v !== 'object' && typeof v !== 'function') return fmtPrimitive(v, ctx);
    if (ctx.customInspect !== false && v && typeof v[customInspect] === 'function' && v[customInspect] !== inspect) {
      const r = v[customInspect](ctx.depth === null ? Infinity : ctx.depth - depth, Object.assign({}, ctx), inspect);
      if (r !== v) return typeof r === 'string' ? r : fmtValue(r, ctx, depth, indent);
    }
    if (ctx.seen.includes(v)) return '[Circular *1]';
    if (typeof v === 'function') {
      const isClass = /^class[\s{]/.test(Function.prototype.toString.call(v));
      const base = isClass ? '[class ' + (v.name || '(anonymous)') + ']' : v.name ? '[Function: ' + v.name + ']' : '[Function (anonymous)]';
      const keys = Object.keys(v);
      if (keys.length === 0 || depth > ctx.depth) return base;
      return fmtObject(v, ctx, depth, indent, base + ' {', keys);
    }
    if (v instanceof Error) {
      const stack = typeof v.stack === 'string' && v.stack ? v.stack : Error.prototype.toString.call(v);
      const keys = Object.keys(v).filter((k) => k !== 'stack' && k !== 'message');
      if (keys.length === 0 || depth > ctx.depth) return stack;
      return fmtObject(v, ctx, depth, indent, stack + ' {', keys);
    }
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return 'Promise { ' + native.promiseState(v) + ' }';
    if (v instanceof WeakMap) return 'WeakMap { <items unknown> }';
    if (v instanceof WeakSet) return 'WeakSet { <items unknown> }';
    if (typeof v === 'object' && (v instanceof Number || v instanceof String || v instanceof Boolean)) {
      return '[' + ctorName(v) + ': ' + fmtPrimitive(v.valueOf(), ctx) + ']';
    }
    if (v instanceof ArrayBuffer) return 'ArrayBuffer { byteLength: ' + v.byteLength + ' }';
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = ctorName(v) || 'TypedArray';
      if (name === 'Buffer') {
        const hex = [];
        for (let i = 0; i < Math.min(v.length, 50); i++) hex.push((v[i] | 0x100).toString(16).slice(1));
        return '<Buffer' + (hex.length ? ' ' + hex.join(' ') : '') + (v.length > 50 ? ' ... ' + (v.length - 50) + ' more bytes' : '') + '>';
      }
      if (depth > ctx.depth) return '[' + name + ']';
      const parts = Array.from(v.subarray(0, ctx.maxArrayLength), (x) => fmtPrimitive(x, ctx));
      if (v.length > ctx.maxArrayLength) parts.push('... ' + (v.length - ctx.maxArrayLength) + ' more items');
      return join(name + '(' + v.length + ') [', parts, ']', ctx, indent);
    }
    if (depth > ctx.depth) {
      if (Array.isArray(v)) return '[Array]';
      const n = ctorName(v);
      return '[' + (n === null ? 'Object: null prototype' : n || 'Object') + ']';
    }
    ctx.seen.push(v);
    try {
      if (Array.isArray(v)) {
        const parts = [];
        const n = Math.min(v.length, ctx.maxArrayLength);
        for (let i = 0; i < n; i++) parts.push(i in v ? fmtValue(v[i], ctx, depth + 1, indent + 2) : '<empty>');
        if (v.length > n) parts.push('... ' + (v.length - n) + ' more item' + (v.length - n > 1 ? 's' : ''));
        const extra = Object.keys(v).filter((k) => !/^\d+$/.test(k));
        for (const k of extra) parts.push(fmtKey(k) + ': ' + fmtValue(v[k], ctx, depth + 1, indent + 2));
        const name = ctorName(v);
        return join((name && name !== 'Array' ? name + '(' + v.length + ') ' : '') + '[', parts, ']', ctx, indent);
      }
      if (v instanceof Map || v instanceof Set) {
        const isMap = v instanceof Map;
        const parts = [];
        for (const entry of v) {
          if (parts.length >= ctx.maxArrayLength) { parts.push('... more items'); break; }
          parts.push(isMap ? fmtValue(entry[0], ctx, depth + 1, indent + 2) + ' => ' + fmtValue(entry[1], ctx, depth + 1, indent + 2)
            : fmtValue(entry, ctx, depth + 1, indent + 2));
        }
        return join((ctorName(v) || (isMap ? 'Map' : 'Set')) + '(' + v.size + ') {', parts, '}', ctx, indent);
      }
      const name = ctorName(v);
      const prefix = name === null ? '[Object: null prototype] ' : name && name !== 'Object' ? name + ' ' : '';
      const keys = ctx.showHidden ? Reflect.ownKeys(v) : Object.keys(v).concat(Object.getOwnPropertySymbols(v).filter((s) => Object.prototype.propertyIsEnumerable.call(v, s)));
      return fmtObject(v, ctx, depth, indent, prefix + '{', keys, true);
    } finally {
      ctx.seen.pop();
    }
  }
  function fmtObject(v, ctx, depth, indent, open, keys, seenPushed) {
    if (!seenPushed) ctx.seen.push(v);
    try {
      if (ctx.sorted) keys = keys.slice().sort(typeof ctx.sorted === 'function' ? ctx.sorted : undefined);
      const parts = [];
      for (const k of keys) {
        const d = Object.getOwnPropertyDescriptor(v, k);
        let val;
        if (d && (d.get || d.set)) {
          val = d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
          if (d.get && ctx.getters) { try { val = '[Getter: ' + fmtValue(d.get.call(v), ctx, depth + 1, indent + 2) + ']'; } catch (e) { val = '[Getter: <Inspection threw>]'; } }
        } else {
          val = fmtValue(v[k], ctx, depth + 1, indent + 2);
        }
        parts.push(fmtKey(k) + ': ' + val);
      }
      return join(open, parts, '}', ctx, indent);
    } finally {
      if (!seenPushed) ctx.seen.pop();
    }
  }

  function inspect(value, opts) {
    const ctx = Object.assign({}, defaults, inspect.defaultOptions);
    if (typeof opts === 'boolean') ctx.showHidden = opts;
    else if (opts && typeof opts === 'object') Object.assign(ctx, opts);
    if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
    if (ctx.depth === null) ctx.depth = Infinity;
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    ctx.seen = [];
    return fmtValue(value, ctx, 0, 0);
  }
  inspect.custom = customInspect;
  inspect.defaultOptions = Object.assign({}, defaults);

  function formatWithOptions(opts, ...args) {
    const first = args[0];
    let i = 0;
    let out = '';
    if (typeof first === 'string') {
      i = 1;
      let last = 0;
      for (let p = 0; p < first.length - 1; p++) {
        if (first[p] !== '%') continue;
        const c = first[p + 1];
        if (c === '%') { out += first.slice(last, p) + '%'; last = p + 2; p++; continue; }
        if (!'sdifjoOc'.includes(c) || i >= args.length) continue;
        const a = args[i++];
        let s;
        switch (c) {
          case 's': s = typeof a === 'string' ? a : typeof a === 'bigint' ? a + 'n' : typeof a === 'object' && a !== null && !(a instanceof Error) ? inspect(a, Object.assign({}, opts, { depth: 0 })) : a instanceof Error ? inspect(a, opts) : String(a); break;
          case 'd': s = typeof a === 'bigint' ? a + 'n' : typeof a === 'symbol' ? 'NaN' : fmtPrimitive(Number(a), defaults); break;
          case 'i': s = typeof a === 'bigint' ? a + 'n' : typeof a === 'symbol' ? 'NaN' : String(parseInt(a)); break;
          case 'f': s = typeof a === 'symbol' ? 'NaN' : String(parseFloat(a)); break;
          case 'j': try { s = JSON.stringify(a); } catch (e) { s = '[Circular]'; } break;
          case 'o': s = inspect(a, Object.assign({}, opts, { showHidden: true, depth: 4 })); break;
          case 'O': s = inspect(a, opts); break;
          case 'c': s = ''; break;
        }
        out += first.slice(last, p) + s;
        last = p + 2;
        p++;
      }
      out += first.slice(last);
    }
    for (; i < args.length; i++) {
      const a = args[i];
      if (out !== '' || i > 0) out += ' ';
      out += typeof a === 'string' ? a : inspect(a, opts);
    }
    return out;
  }
  const format = (...args) => formatWithOptions({}, ...args);

  function promisify(fn) {
    if (typeof fn !== 'function') throw typeError('original', 'function', fn);
    if (typeof fn[customPromisify] === 'function') return fn[customPromisify];
    function promisified(...args) {
      return new Promise((resolve, reject) => {
        fn.call(this, ...args, (err, ...values) => {
          if (err) reject(err);
          else resolve(values.length > 1 && fn[kMulti] ? values : values[0]);
        });
      });
    }
    Object.setPrototypeOf(promisified, Object.getPrototypeOf(fn));
    Object.defineProperty(promisified, customPromisify, { value: promisified });
    return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(fn));
  }
  const kMulti = Symbol('multiple callback values');
  promisify.custom = customPromisify;

  function callbackify(fn) {
    if (typeof fn !== 'function') throw typeError('original', 'function', fn);
    return function (...args) {
      const cb = args.pop();
      if (typeof cb !== 'function') throw typeError('last argument', 'function', cb);
      fn.apply(this, args).then((v) => cb(null, v), (err) => {
        if (!err) { const e = new Error('Promise was rejected with a falsy value'); e.code = 'ERR_FALSY_VALUE_REJECTION'; e.reason = err; err = e; }
        cb(err);
      });
    };
  }

  function inherits(ctor, superCtor) {
    if (typeof ctor !== 'function') throw typeError('ctor', 'function', ctor);
    if (typeof superCtor !== 'function') throw typeError('superCtor', 'function', superCtor);
    if (superCtor.prototype === undefined) throw typeError('superCtor.prototype', 'object', superCtor.prototype);
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  const warned = new Set();
  function deprecate(fn, msg, code) {
    if (typeof fn !== 'function') throw typeError('fn', 'function', fn);
    return function (...args) {
      const key = code || msg;
      if (!warned.has(key)) {
        warned.add(key);
        if (typeof console !== 'undefined') console.warn('[' + (code || 'DEP0000') + '] DeprecationWarning: ' + msg);
      }
      return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    };
  }

  function isDeepStrictEqual(a, b, seen = new Map()) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (seen.get(a) === b) return true;
    seen.set(a, b);
    if (a instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp) return String(a) === String(b);
    if ((a instanceof Number || a instanceof String || a instanceof Boolean) && !Object.is(a.valueOf(), b.valueOf())) return false;
    if (ArrayBuffer.isView(a)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    }
    if (a instanceof Map) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !isDeepStrictEqual(v, b.get(k), seen)) return false;
      return true;
    }
    if (a instanceof Set) {
      if (a.size !== b.size) return false;
      for (const v of a) {
        if (b.has(v)) continue;
        if (typeof v !== 'object' || ![...b].some((w) => isDeepStrictEqual(v, w, seen))) return false;
      }
      return true;
    }
    if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
    const ka = Reflect.ownKeys(a).filter((k) => Object.prototype.propertyIsEnumerable.call(a, k));
    const kb = Reflect.ownKeys(b).filter((k) => Object.prototype.propertyIsEnumerable.call(b, k));
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.prototype.propertyIsEnumerable.call(b, k) || !isDeepStrictEqual(a[k], b[k], seen)) return false;
    }
    return true;
  }

  const tag = (v) => Object.prototype.toString.call(v).slice(8, -1);
  const types = {
    isPromise: (v) => v instanceof Promise,
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isNativeError: (v) => v instanceof Error,
    isMap: (v) => v instanceof Map,
    isSet: (v) => v instanceof Set,
    isWeakMap: (v) => v instanceof WeakMap,
    isWeakSet: (v) => v instanceof WeakSet,
    isArrayBuffer: (v) => v instanceof ArrayBuffer,
    isAnyArrayBuffer: (v) => v instanceof ArrayBuffer,
    isArrayBufferView: (v) => ArrayBuffer.isView(v),
    isDataView: (v) => v instanceof DataView,
    isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
    isUint8Array: (v) => v instanceof Uint8Array,
    isAsyncFunction: (v) => typeof v === 'function' && tag(v) === 'AsyncFunction',
    isGeneratorFunction: (v) => typeof v === 'function' && /^(async\s*)?function\s*\*/.test(Function.prototype.toString.call(v)),
    isGeneratorObject: (v) => tag(v) === 'Generator',
    isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean || (typeof v === 'object' && v !== null && (tag(v) === 'Symbol' || tag(v) === 'BigInt')),
    isSymbolObject: (v) => typeof v === 'object' && v !== null && tag(v) === 'Symbol',
    isProxy: () => false,
  };

  const util = {
    format, formatWithOptions, inspect, promisify, callbackify, inherits, deprecate, isDeepStrictEqual, types,
    TextEncoder: native.TextEncoder, TextDecoder: native.TextDecoder,
    debuglog: () => Object.assign(() => {}, { enabled: false }),
    stripVTControlCharacters: (s) => String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
    toUSVString: (s) => String(s).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
    isArray: Array.isArray,
    isBoolean: (v) => typeof v === 'boolean',
    isNull: (v) => v === null,
    isNullOrUndefined: (v) => v == null,
    isNumber: (v) => typeof v === 'number',
    isString: (v) => typeof v === 'string',
    isSymbol: (v) => typeof v === 'symbol',
    isUndefined: (v) => v === undefined,
    isRegExp: types.isRegExp,
    isObject: (v) => v !== null && typeof v === 'object',
    isDate: types.isDate,
    isError: (v) => v instanceof Error,
    isFunction: (v) => typeof v === 'function',
    isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
  };
  util.default = util;
  return util;
}
