function (native) {
  'use strict';
  const { TextDecoder } = native;
  function normalize(enc) {
    const e = String(enc === undefined || enc === null ? 'utf8' : enc).toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      case 'latin1': case 'binary': return 'latin1';
      case 'base64': case 'base64url': case 'hex': case 'ascii': return e;
    }
    const err = new TypeError('Unknown encoding: ' + enc);
    err.code = 'ERR_UNKNOWN_ENCODING';
    throw err;
  }
  // StringDecoder turns a stream of Buffers into text without splitting a
  // multi-byte character (or a base64 group) across chunks.
  class StringDecoder {
    constructor(encoding) {
      this.encoding = normalize(encoding);
      this._text = this.encoding === 'utf8' || this.encoding === 'utf16le' ? new TextDecoder(this.encoding === 'utf8' ? 'utf-8' : 'utf-16le', { ignoreBOM: true }) : null;
      this._rest = Buffer.alloc(0);
    }
    write(buf) {
      if (typeof buf === 'string') return buf;
      if (!(buf instanceof Uint8Array)) {
        const e = new TypeError('The "buf" argument must be an instance of Buffer, TypedArray, or DataView.');
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      if (this._text) return this._text.decode(buf, { stream: true });
      if (this.encoding === 'base64' || this.encoding === 'base64url') {
        const all = Buffer.concat([this._rest, buf]);
        const keep = all.length % 3;
        this._rest = Buffer.from(all.subarray(all.length - keep));
        return Buffer.from(all.subarray(0, all.length - keep)).toString(this.encoding);
      }
      return Buffer.from(buf).toString(this.encoding);
    }
    end(buf) {
      let out = buf === undefined ? '' : this.write(buf);
      if (this._text) out += this._text.decode();
      else if (this._rest.length) { out += this._rest.toString(this.encoding); this._rest = Buffer.alloc(0); }
      return out;
    }
  }
  return { StringDecoder };
}
