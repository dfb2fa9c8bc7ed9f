function (native) {
  'use strict';
  const labels = {
    'utf-8': 'utf-8', 'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
    'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', 'ucs-2': 'utf-16le',
    'latin1': 'windows-1252', 'iso-8859-1': 'windows-1252', 'ascii': 'windows-1252',
    'us-ascii': 'windows-1252', 'windows-1252': 'windows-1252',
  };
  function bytesOf(input) {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const e = new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView. Received ' +
      (input === null ? 'null' : typeof input));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return new Uint8Array(native.encode(String(input))); }
    encodeInto(src, dest) {
      if (!(dest instanceof Uint8Array)) {
        const e = new TypeError('The "dest" argument must be an instance of Uint8Array.');
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const [read, written] = native.encodeInto(String(src), dest);
      return { read, written };
    }
  }
  class TextDecoder {
    #encoding; #fatal; #ignoreBOM; #pending = null;
    constructor(label = 'utf-8', options = {}) {
      const enc = labels[String(label).trim().toLowerCase()];
      if (!enc) {
        const e = new RangeError('The "' + label + '" encoding is not supported');
        e.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw e;
      }
      this.#encoding = enc;
      this.#fatal = Boolean(options && options.fatal);
      this.#ignoreBOM = Boolean(options && options.ignoreBOM);
    }
    get encoding() { return this.#encoding; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input, options = {}) {
      let bytes = bytesOf(input);
      if (this.#pending) {
        const joined = new Uint8Array(this.#pending.length + bytes.length);
        joined.set(this.#pending);
        joined.set(bytes, this.#pending.length);
        bytes = joined;
        this.#pending = null;
      }
      const stream = Boolean(options && options.stream);
      const [text, rest] = native.decode(bytes, this.#encoding, this.#fatal, this.#ignoreBOM, stream);
      if (rest > 0) this.#pending = bytes.slice(bytes.length - rest);
      return text;
    }
  }
  return { TextEncoder, TextDecoder };
}
