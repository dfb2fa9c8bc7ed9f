function (native) {
  'use strict';
  const EventEmitter = native.EventEmitter;
  const asyncIterator = Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator');

  function invalid(name, type, v) {
    const e = new TypeError('The "' + name + '" argument must be of type ' + type + '. Received ' +
      (v === null ? 'null' : v === undefined ? 'undefined' : typeof v === 'object' ? 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object') : 'type ' + typeof v + ' (' + String(v) + ')'));
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }
  function toPath(p, name = 'path') {
    if (typeof p === 'string') return p;
    if (p instanceof Uint8Array) return Buffer.from(p).toString();
    if (p && typeof p === 'object' && typeof p.href === 'string' && p.protocol === 'file:') return decodeURIComponent(p.pathname);
    throw invalid(name, 'string or an instance of Buffer or URL', p);
  }
  function opts(o, defaults) {
    if (o === undefined || o === null) return Object.assign({}, defaults);
    if (typeof o === 'string') return Object.assign({}, defaults, { encoding: o });
    if (typeof o !== 'object') throw invalid('options', 'object', o);
    return Object.assign({}, defaults, o);
  }
  function checkCb(cb) {
    if (typeof cb !== 'function') throw invalid('cb', 'function', cb);
    return cb;
  }

  class Stats {
    constructor(s) {
      this.dev = 0; this.ino = 0; this.mode = s.mode; this.nlink = 1; this.uid = 0; this.gid = 0; this.rdev = 0;
      this.size = s.size; this.blksize = 4096; this.blocks = Math.ceil(s.size / 512);
      this.atimeMs = this.mtimeMs = this.ctimeMs = this.birthtimeMs = s.mtimeMs;
      this.atime = new Date(s.mtimeMs); this.mtime = new Date(s.mtimeMs);
      this.ctime = new Date(s.mtimeMs); this.birthtime = new Date(s.mtimeMs);
      Object.defineProperty(this, '_k', { value: s });
    }
    isFile() { return this._k.file; }
    isDirectory() { return this._k.dir; }
    isSymbolicLink() { return this._k.link; }
    isFIFO() { return false; }
    isSocket() { return false; }
    isBlockDevice() { return false; }
    isCharacterDevice() { return false; }
  }
  class Dirent {
    constructor(e, parent) { this.name = e.name; this.parentPath = this.path = parent; Object.defineProperty(this, '_k', { value: e }); }
    isFile() { return !this._k.dir && !this._k.link; }
    isDirectory() { return this._k.dir; }
    isSymbolicLink() { return this._k.link; }
    isFIFO() { return false; }
    isSocket() { return false; }
    isBlockDevice() { return false; }
    isCharacterDevice() { return false; }
  }

  // Each operation: how to turn the script's arguments into the native
  // call's, and how to shape the native result.
  const ops = {
    readFile: [(p, o) => [toPath(p), opts(o, { encoding: null }).encoding]],
    writeFile: [(p, d, o) => { o = opts(o, { encoding: 'utf8', flag: 'w' }); return [toPath(p), d, o.encoding, o.flag, o.mode]; }],
    appendFile: [(p, d, o) => { o = opts(o, { encoding: 'utf8', flag: 'a' }); return [toPath(p), d, o.encoding, o.flag, o.mode]; }],
    mkdir: [(p, o) => { o = typeof o === 'number' ? { mode: o } : opts(o, {}); return [toPath(p), !!o.recursive, o.mode]; }],
    readdir: [(p, o) => [toPath(p)], (r, p, o) => {
      o = opts(o, {});
      if (o.withFileTypes) return r.map((e) => new Dirent(e, toPath(p)));
      return o.encoding === 'buffer' ? r.map((e) => Buffer.from(e.name)) : r.map((e) => e.name);
    }],
    stat: [(p) => [toPath(p)], (r) => new Stats(r)],
    lstat: [(p) => [toPath(p)], (r) => new Stats(r)],
    access: [(p, mode) => [toPath(p), mode === undefined ? 0 : mode]],
    unlink: [(p) => [toPath(p)]],
    rmdir: [(p, o) => [toPath(p), !!opts(o, {}).recursive, false]],
    rm: [(p, o) => { o = opts(o, {}); return [toPath(p), !!o.recursive, !!o.force]; }],
    rename: [(a, b) => [toPath(a, 'oldPath'), toPath(b, 'newPath')]],
    copyFile: [(a, b) => [toPath(a, 'src'), toPath(b, 'dest')]],
    realpath: [(p) => [toPath(p)]],
  };

  const fs = {};
  const promises = {};
  for (const [name, [args, shape = (r) => r]] of Object.entries(ops)) {
    fs[name + 'Sync'] = function (...a) { return shape(native.call(name, args(...a)), ...a); };
    fs[name] = function (...a) {
      const cb = checkCb(a.pop());
      const nargs = args(...a);
      native.call(name, nargs, (err, r) => err ? cb(err) : cb(null, shape(r, ...a)));
    };
    promises[name] = function (...a) {
      return new Promise((resolve, reject) => {
        const nargs = args(...a);
        native.call(name, nargs, (err, r) => err ? reject(err) : resolve(shape(r, ...a)));
      });
    };
  }
  fs.existsSync = (p) => native.call('exists', [toPath(p)]);
  // exists(path, cb) is Node's legacy form: the callback gets a boolean.
  fs.exists = (p, cb) => { checkCb(cb); native.call('exists', [toPath(p)], (err, r) => cb(err ? false : r)); };
  fs.realpathSync.native = fs.realpathSync;
  fs.realpath.native = fs.realpath;
  fs.constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, COPYFILE_EXCL: 1 };
  Object.assign(fs, fs.constants);
  fs.Stats = Stats;
  fs.Dirent = Dirent;
  for (const name of ['watch', 'watchFile', 'open', 'openSync', 'symlink', 'symlinkSync', 'chmod', 'chmodSync', 'chown', 'chownSync', 'link', 'linkSync', 'truncate', 'truncateSync', 'opendir', 'opendirSync', 'cp', 'cpSync', 'utimes', 'utimesSync']) {
    fs[name] = () => { throw new Error('fs.' + name + ' is not implemented in botrt'); };
  }
  for (const name of ['open', 'symlink', 'chmod', 'chown', 'link', 'truncate', 'opendir', 'cp', 'utimes', 'watch']) {
    promises[name] = () => Promise.reject(new Error('fs.promises.' + name + ' is not implemented in botrt'));
  }
  promises.constants = fs.constants;

  class WriteStream extends EventEmitter {
    constructor(path, o) {
      super();
      o = opts(o, { flags: 'w', encoding: 'utf8' });
      this.path = toPath(path);
      this.bytesWritten = 0;
      this.writable = true;
      this.pending = true;
      this._enc = o.encoding;
      this._queue = [];
      this._busy = false;
      this._ending = null;
      this._first = o.flags;
      if (!['w', 'wx', 'a', 'ax'].includes(o.flags)) throw new Error('createWriteStream: flag "' + o.flags + '" is not supported by botrt');
      this._push({ data: '', flag: o.flags });
    }
    _push(item) { this._queue.push(item); this._drain(); }
    _drain() {
      if (this._busy) return;
      const item = this._queue.shift();
      if (!item) {
        if (this._ending) {
          const done = this._ending;
          this._ending = null;
          this.writable = false;
          this.emit('finish');
          if (done !== true) done();
          this.emit('close');
        }
        return;
      }
      this._busy = true;
      native.call('writeFile', [this.path, item.data, this._enc, item.flag || 'a'], (err) => {
        this._busy = false;
        if (item.flag) { this.pending = false; this.emit('open'); this.emit('ready'); }
        if (err) { this.writable = false; this._queue = []; this.emit('error', err); this.emit('close'); if (item.cb) item.cb(err); return; }
        this.bytesWritten += typeof item.data === 'string' ? Buffer.byteLength(item.data, this._enc) : item.data.length;
        if (item.cb) item.cb(null);
        this._drain();
      });
    }
    write(chunk, enc, cb) {
      if (typeof enc === 'function') { cb = enc; enc = undefined; }
      if (!this.writable || this._ending) {
        const e = new Error('write after end');
        e.code = 'ERR_STREAM_WRITE_AFTER_END';
        if (cb) cb(e); else this.emit('error', e);
        return false;
      }
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) throw invalid('chunk', 'string or an instance of Buffer or Uint8Array', chunk);
      this._push({ data: typeof chunk === 'string' ? chunk : Buffer.from(chunk), cb });
      return true;
    }
    end(chunk, enc, cb) {
      if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
      else if (typeof enc === 'function') { cb = enc; }
      if (chunk !== undefined && chunk !== null) this.write(chunk);
      this._ending = cb || true;
      this._drain();
      return this;
    }
    close(cb) { return this.end(cb); }
    destroy(err) { this.writable = false; this._queue = []; if (err) this.emit('error', err); this.emit('close'); return this; }
  }

  class ReadStream extends EventEmitter {
    constructor(path, o) {
      super();
      o = opts(o, { highWaterMark: 64 * 1024 });
      this.path = toPath(path);
      this.bytesRead = 0;
      this._enc = o.encoding;
      this._pos = o.start || 0;
      this._end = o.end === undefined ? Infinity : o.end + 1;
      this._hwm = o.highWaterMark;
      this._flowing = false;
      this._paused = false;
      this._done = false;
      this.readable = true;
    }
    on(name, fn) {
      super.on(name, fn);
      if (name === 'data' && !this._flowing && !this._paused) this.resume();
      return this;
    }
    pause() { this._paused = true; return this; }
    resume() {
      this._paused = false;
      if (!this._flowing) { this._flowing = true; Promise.resolve().then(() => this._read()); }
      return this;
    }
    _read() {
      if (this._done || this._paused) { this._flowing = false; return; }
      const n = Math.min(this._hwm, this._end - this._pos);
      if (n <= 0) return this._finish();
      native.call('readChunk', [this.path, this._pos, n], (err, chunk) => {
        if (err) { this._done = true; this.readable = false; this.emit('error', err); this.emit('close'); return; }
        if (chunk.length === 0) return this._finish();
        this._pos += chunk.length;
        this.bytesRead += chunk.length;
        this.emit('data', this._enc ? chunk.toString(this._enc) : chunk);
        this._read();
      });
    }
    _finish() {
      if (this._done) return;
      this._done = true;
      this.readable = false;
      this.emit('end');
      this.emit('close');
    }
    pipe(dest) {
      this.on('data', (c) => dest.write(c));
      this.on('end', () => { if (dest !== process.stdout && typeof dest.end === 'function') dest.end(); });
      return dest;
    }
    setEncoding(enc) { this._enc = enc; return this; }
    destroy(err) { this._done = true; this.readable = false; if (err) this.emit('error', err); this.emit('close'); return this; }
    [asyncIterator]() {
      const chunks = [];
      let wake = null;
      let end = false;
      let failure = null;
      this.on('data', (c) => { chunks.push(c); if (wake) { wake(); wake = null; } });
      this.on('end', () => { end = true; if (wake) { wake(); wake = null; } });
      this.on('error', (e) => { failure = e; if (wake) { wake(); wake = null; } });
      return {
        next: async () => {
          while (!chunks.length && !end && !failure) await new Promise((r) => { wake = r; });
          if (failure) throw failure;
          if (chunks.length) return { value: chunks.shift(), done: false };
          return { value: undefined, done: true };
        },
        [asyncIterator]() { return this; },
      };
    }
  }
  fs.createWriteStream = (p, o) => new WriteStream(p, o);
  fs.createReadStream = (p, o) => new ReadStream(p, o);
  fs.WriteStream = WriteStream;
  fs.ReadStream = ReadStream;
  fs.promises = promises;
  promises.default = promises;
  fs.default = fs;
  return fs;
}
