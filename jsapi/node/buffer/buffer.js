function (native) {
  'use strict';
  const kMaxLength = 0x7fffffff;

  function rangeError(name, min, max, value) {
    const e = new RangeError('The value of "' + name + '" is out of range. It must be >= ' + min +
      ' and <= ' + max + '. Received ' + String(value));
    e.code = 'ERR_OUT_OF_RANGE';
    return e;
  }
  function typeError(msg) {
    const e = new TypeError(msg);
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }
  function describe(v) {
    if (v === null) return 'null';
    if (v === undefined) return 'undefined';
    if (typeof v === 'object') return 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object');
    if (typeof v === 'function') return 'function ' + v.name;
    return 'type ' + typeof v + ' (' + String(v) + ')';
  }
  function checkSize(size, name) {
    if (typeof size !== 'number') throw typeError('The "' + name + '" argument must be of type number. Received ' + describe(size));
    if (!(size >= 0 && size <= kMaxLength)) throw rangeError(name, 0, kMaxLength, size);
  }
  function checkOffset(buf, offset, width) {
    if (offset === undefined) offset = 0;
    if (typeof offset !== 'number') throw typeError('The "offset" argument must be of type number. Received ' + describe(offset));
    const max = buf.length - width;
    if (!Number.isInteger(offset) || offset < 0 || offset > max) {
      if (max < 0) {
        const e = new RangeError('Attempt to access memory outside buffer bounds');
        e.code = 'ERR_BUFFER_OUT_OF_BOUNDS';
        throw e;
      }
      throw rangeError('offset', 0, max, offset);
    }
    return offset;
  }
  function isU8(v) { return v instanceof Uint8Array; }
  function bytesOf(v, name) {
    if (isU8(v)) return v;
    if (v instanceof ArrayBuffer) return new Uint8Array(v);
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    throw typeError('The "' + name + '" argument must be an instance of Buffer or Uint8Array. Received ' + describe(v));
  }

  class Buffer extends Uint8Array {
    // new Buffer(x) is deprecated in Node but still used by old code; it
    // behaves like Buffer.from / Buffer.alloc.
    constructor(arg, encodingOrOffset, length) {
      if (typeof arg === 'number' || arg instanceof ArrayBuffer) {
        if (typeof arg === 'number') checkSize(arg, 'size');
        if (length === undefined && encodingOrOffset === undefined) super(arg);
        else if (length === undefined) super(arg, encodingOrOffset);
        else super(arg, encodingOrOffset, length);
        return;
      }
      return Buffer.from(arg, encodingOrOffset, length);
    }

    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return fromBytes(native.encode(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        const off = encodingOrOffset === undefined ? 0 : +encodingOrOffset;
        if (!(off >= 0 && off <= value.byteLength)) throw rangeError('offset', 0, value.byteLength, off);
        const len = length === undefined ? value.byteLength - off : +length;
        if (!(len >= 0 && off + len <= value.byteLength)) throw rangeError('length', 0, value.byteLength - off, len);
        return new Buffer(value, off, len);
      }
      if (ArrayBuffer.isView(value)) {
        const src = isU8(value) ? value : Uint8Array.from(value);
        const b = new Buffer(src.length);
        b.set(src);
        return b;
      }
      if (value !== null && typeof value === 'object') {
        if (value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
        const prim = typeof value[Symbol.toPrimitive] === 'function' ? value[Symbol.toPrimitive]('string')
          : (typeof value.valueOf === 'function' ? value.valueOf() : value);
        if (typeof prim === 'string') return Buffer.from(prim, encodingOrOffset);
        if (prim !== value && prim !== null && typeof prim === 'object') return Buffer.from(prim, encodingOrOffset, length);
        if (typeof value.length === 'number' || Array.isArray(value)) {
          const n = value.length >>> 0;
          const b = new Buffer(n);
          for (let i = 0; i < n; i++) b[i] = value[i] & 255;
          return b;
        }
      }
      throw typeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, ' +
        'or Array or an Array-like Object. Received ' + describe(value));
    }

    static alloc(size, fill, encoding) {
      checkSize(size, 'size');
      const b = new Buffer(size);
      if (fill !== undefined && fill !== 0 && size > 0) b.fill(fill, 0, size, encoding);
      return b;
    }
    static allocUnsafe(size) { checkSize(size, 'size'); return new Buffer(size); }
    static allocUnsafeSlow(size) { checkSize(size, 'size'); return new Buffer(size); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isEncoding(enc) { return typeof enc === 'string' && native.isEncoding(enc); }
    static byteLength(value, encoding) {
      if (typeof value === 'string') return native.byteLength(value, encoding);
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
      throw typeError('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer. Received ' + describe(value));
    }
    static compare(a, b) { return native.compare(bytesOf(a, 'buf1'), bytesOf(b, 'buf2')); }
    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw typeError('The "list" argument must be an instance of Array. Received ' + describe(list));
      let total = 0;
      for (let i = 0; i < list.length; i++) {
        if (!isU8(list[i])) throw typeError('The "list[' + i + ']" argument must be an instance of Buffer or Uint8Array. Received ' + describe(list[i]));
        total += list[i].length;
      }
      if (totalLength !== undefined) { checkSize(totalLength, 'totalLength'); total = totalLength; }
      const out = new Buffer(total);
      let pos = 0;
      for (const item of list) {
        if (pos >= total) break;
        const part = item.length <= total - pos ? item : item.subarray(0, total - pos);
        out.set(part, pos);
        pos += part.length;
      }
      return out;
    }

    toString(encoding, start, end) {
      const len = this.length;
      start = start === undefined ? 0 : Math.max(0, start | 0);
      end = end === undefined || end > len ? len : Math.max(0, end | 0);
      if (start >= end) return '';
      return native.decode(this, encoding, start, end);
    }
    toLocaleString(encoding, start, end) { return this.toString(encoding, start, end); }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(other) { return native.compare(this, bytesOf(other, 'otherBuffer')) === 0; }
    compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
      const t = bytesOf(target, 'target');
      return native.compare(
        this.subarray(sourceStart || 0, sourceEnd === undefined ? this.length : sourceEnd),
        t.subarray(targetStart || 0, targetEnd === undefined ? t.length : targetEnd));
    }
    copy(target, targetStart, sourceStart, sourceEnd) {
      const t = bytesOf(target, 'target');
      targetStart = targetStart === undefined ? 0 : targetStart | 0;
      sourceStart = sourceStart === undefined ? 0 : sourceStart | 0;
      sourceEnd = sourceEnd === undefined ? this.length : Math.min(sourceEnd | 0, this.length);
      if (targetStart < 0) throw rangeError('targetStart', 0, t.length, targetStart);
      if (sourceStart < 0 || sourceStart > this.length) throw rangeError('sourceStart', 0, this.length, sourceStart);
      if (targetStart >= t.length || sourceStart >= sourceEnd) return 0;
      const n = Math.min(sourceEnd - sourceStart, t.length - targetStart);
      t.set(this.subarray(sourceStart, sourceStart + n), targetStart);
      return n;
    }
    // Node's slice shares memory with the original, unlike TypedArray's.
    slice(start, end) { return this.subarray(start, end); }
    write(string, offset, length, encoding) {
      if (typeof string !== 'string') throw typeError('The "string" argument must be of type string. Received ' + describe(string));
      if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { encoding = length; length = undefined; }
      offset = offset === undefined ? 0 : offset;
      if (!(offset >= 0 && offset <= this.length)) throw rangeError('offset', 0, this.length, offset);
      const room = this.length - offset;
      length = length === undefined || length > room ? room : Math.max(0, length | 0);
      return native.write(this, string, offset, length, encoding);
    }
    fill(value, offset, end, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; end = this.length; }
      else if (typeof end === 'string') { encoding = end; end = this.length; }
      offset = offset === undefined ? 0 : offset;
      end = end === undefined ? this.length : end;
      if (!(offset >= 0 && offset <= this.length)) throw rangeError('offset', 0, this.length, offset);
      if (!(end >= offset && end <= this.length)) throw rangeError('end', offset, this.length, end);
      if (typeof value === 'number' || typeof value === 'boolean') return super.fill(Number(value) & 255, offset, end);
      const pattern = typeof value === 'string' ? new Uint8Array(native.encode(value, encoding)) : bytesOf(value, 'value');
      if (pattern.length === 0) {
        if (typeof value === 'string' && value.length === 0) return super.fill(0, offset, end);
        const e = new TypeError('The argument "value" is invalid. Received ' + describe(value));
        e.code = 'ERR_INVALID_ARG_VALUE';
        throw e;
      }
      native.fill(this.subarray(offset, end), pattern);
      return this;
    }
    indexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, false); }
    lastIndexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, true); }
    includes(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, false) !== -1; }
    swap16() { return swap(this, 2); }
    swap32() { return swap(this, 4); }
    swap64() { return swap(this, 8); }

    readUIntLE(offset, byteLength) { return readVar(this, offset, byteLength, true, false); }
    readUIntBE(offset, byteLength) { return readVar(this, offset, byteLength, false, false); }
    readIntLE(offset, byteLength) { return readVar(this, offset, byteLength, true, true); }
    readIntBE(offset, byteLength) { return readVar(this, offset, byteLength, false, true); }
    writeUIntLE(value, offset, byteLength) { return writeVar(this, value, offset, byteLength, true, false); }
    writeUIntBE(value, offset, byteLength) { return writeVar(this, value, offset, byteLength, false, false); }
    writeIntLE(value, offset, byteLength) { return writeVar(this, value, offset, byteLength, true, true); }
    writeIntBE(value, offset, byteLength) { return writeVar(this, value, offset, byteLength, false, true); }
  }

  function fromBytes(ab) { return new Buffer(ab); }

  function search(buf, value, byteOffset, encoding, last) {
    if (typeof byteOffset === 'string') { encoding = byteOffset; byteOffset = undefined; }
    let from = byteOffset === undefined ? (last ? buf.length : 0) : +byteOffset;
    if (Number.isNaN(from)) from = last ? buf.length : 0;
    if (from < 0) from = buf.length + from;
    if (typeof value === 'number') {
      value &= 255;
      return last ? Uint8Array.prototype.lastIndexOf.call(buf, value, from) : Uint8Array.prototype.indexOf.call(buf, value, Math.max(0, from));
    }
    const needle = typeof value === 'string' ? new Uint8Array(native.encode(value, encoding)) : bytesOf(value, 'value');
    return native.indexOf(buf, needle, from, last);
  }

  function swap(buf, size) {
    if (buf.length % size !== 0) {
      const e = new RangeError('Buffer size must be a multiple of ' + (size * 8) + '-bits');
      e.code = 'ERR_INVALID_BUFFER_SIZE';
      throw e;
    }
    for (let i = 0; i < buf.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) { const t = buf[a]; buf[a] = buf[b]; buf[b] = t; }
    }
    return buf;
  }

  function checkByteLength(n) {
    if (!Number.isInteger(n) || n < 1 || n > 6) throw rangeError('byteLength', 1, 6, n);
  }
  function readVar(buf, offset, byteLength, le, signed) {
    checkByteLength(byteLength);
    offset = checkOffset(buf, offset, byteLength);
    let v = 0;
    for (let i = 0; i < byteLength; i++) {
      const b = buf[offset + (le ? byteLength - 1 - i : i)];
      v = v * 256 + b;
    }
    if (signed && v >= 2 ** (8 * byteLength - 1)) v -= 2 ** (8 * byteLength);
    return v;
  }
  function writeVar(buf, value, offset, byteLength, le, signed) {
    checkByteLength(byteLength);
    offset = checkOffset(buf, offset, byteLength);
    const bits = 8 * byteLength;
    const min = signed ? -(2 ** (bits - 1)) : 0;
    const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    value = +value;
    if (!(value >= min && value <= max)) throw rangeError('value', min, max, value);
    let v = value < 0 ? value + 2 ** bits : value;
    for (let i = 0; i < byteLength; i++) {
      buf[offset + (le ? i : byteLength - 1 - i)] = v % 256;
      v = Math.floor(v / 256);
    }
    return offset + byteLength;
  }

  // The fixed-width readers and writers, e.g. readUInt16LE / writeInt32BE,
  // with Node's lower-case "Uint" aliases.
  const fixed = [
    ['UInt8', 1, 'Uint8', 0, 255], ['Int8', 1, 'Int8', -128, 127],
    ['UInt16', 2, 'Uint16', 0, 65535], ['Int16', 2, 'Int16', -32768, 32767],
    ['UInt32', 4, 'Uint32', 0, 4294967295], ['Int32', 4, 'Int32', -2147483648, 2147483647],
    ['Float', 4, 'Float32'], ['Double', 8, 'Float64'],
    ['BigUInt64', 8, 'BigUint64', 0n, 2n ** 64n - 1n], ['BigInt64', 8, 'BigInt64', -(2n ** 63n), 2n ** 63n - 1n],
  ];
  const proto = Buffer.prototype;
  function define(name, fn) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
    if (name.includes('UInt')) Object.defineProperty(proto, name.replace('UInt', 'Uint'), { value: fn, writable: true, configurable: true });
  }
  for (const [name, width, dvName, min, max] of fixed) {
    const get = DataView.prototype['get' + dvName];
    const set = DataView.prototype['set' + dvName];
    const big = typeof min === 'bigint';
    const ends = width === 1 ? [['', false]] : [['LE', true], ['BE', false]];
    for (const [suffix, le] of ends) {
      define('read' + name + suffix, function (offset) {
        offset = checkOffset(this, offset, width);
        return get.call(new DataView(this.buffer, this.byteOffset, this.length), offset, le);
      });
      define('write' + name + suffix, function (value, offset) {
        offset = checkOffset(this, offset, width);
        if (big) {
          if (typeof value !== 'bigint') throw typeError('The "value" argument must be of type bigint. Received ' + describe(value));
          if (value < min || value > max) throw rangeError('value', min + 'n', max + 'n', value + 'n');
        } else {
          value = +value;
          if (min !== undefined && !(value >= min && value <= max)) throw rangeError('value', min, max, value);
        }
        set.call(new DataView(this.buffer, this.byteOffset, this.length), offset, value, le);
        return offset + width;
      });
    }
  }
  Object.defineProperty(Buffer, 'poolSize', { value: 8192, writable: true });
  native.setConstructor(Buffer);

  return {
    Buffer,
    kMaxLength,
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: (1 << 29) - 24 },
    atob: native.atob,
    btoa: native.btoa,
    isUtf8: (v) => native.isUtf8(bytesOf(v, 'input')),
  };
}
