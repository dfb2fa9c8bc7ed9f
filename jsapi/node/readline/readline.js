function (native) {
  'use strict';
  const EventEmitter = native.EventEmitter;
  const asyncIterator = Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator');
  const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');

  class Interface extends EventEmitter {
    constructor(input, output, completer, terminal) {
      super();
      const o = input && typeof input === 'object' && 'input' in input ? input : { input, output, terminal };
      this.input = o.input;
      this.output = o.output;
      this.terminal = !!o.terminal;
      this.line = '';
      this.cursor = 0;
      this.closed = false;
      this._prompt = o.prompt === undefined ? '> ' : String(o.prompt);
      this._cancel = null;
      this._questions = [];
      this._paused = false;
      if (this.input !== undefined && this.input !== native.stdin) {
        throw new Error('readline.createInterface: botrt reads only from process.stdin (the host terminal); other input streams are not supported');
      }
      this.on('newListener', (name) => { if (name === 'line') Promise.resolve().then(() => this._pump()); });
      // An own question function per interface, so that
      // util.promisify(rl.question) gets this interface's promise form.
      const question = (query, opts, cb) => this._question(query, opts, cb);
      question[promisifyCustom] = (query, opts) => this._questionPromise(query, opts);
      Object.defineProperty(this, 'question', { value: question, writable: true, configurable: true });
    }
    _questionPromise(query, opts) { return new Promise((resolve, reject) => this._ask(query, opts, resolve, reject)); }
    getPrompt() { return this._prompt; }
    setPrompt(p) { this._prompt = String(p); }
    prompt() { this._write(this._prompt); this._pump(); }
    write(data) { if (typeof data === 'string' && data.endsWith('\n')) this._deliver(data.slice(0, -1)); }
    _question(query, opts, cb) {
      if (typeof opts === 'function') { cb = opts; opts = undefined; }
      if (typeof cb !== 'function') {
        const e = new TypeError('The "callback" argument must be of type function. Received ' + typeof cb);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      this._ask(query, opts, cb, (err) => { throw err; });
    }
    _ask(query, opts, resolve, reject) {
      if (this.closed) {
        const e = new Error('readline was closed');
        e.code = 'ERR_USE_AFTER_CLOSE';
        return reject(e);
      }
      if (!native.interactive) return reject(native.notInteractive());
      const signal = opts && opts.signal;
      if (signal && signal.aborted) return reject(signal.reason);
      const q = { resolve, reject };
      if (signal) signal.addEventListener('abort', () => {
        const i = this._questions.indexOf(q);
        if (i >= 0) { this._questions.splice(i, 1); reject(signal.reason); this._stopIfIdle(); }
      }, { once: true });
      this._questions.push(q);
      this._write(String(query));
      this._pump();
    }
    _write(s) { if (s) native.prompt(s); }
    _wanted() { return !this.closed && !this._paused && (this._questions.length > 0 || this.listenerCount('line') > 0); }
    _stopIfIdle() { if (!this._wanted() && this._cancel) { this._cancel(); this._cancel = null; } }
    _pump() {
      if (this._cancel || !this._wanted() || !native.interactive) return;
      this._cancel = native.readLine((err, line) => {
        this._cancel = null;
        if (err) {
          if (err.code === 'EOF') { this.close(); return; }
          const q = this._questions.shift();
          if (q) q.reject(err); else this.emit('error', err);
          return;
        }
        this._deliver(line);
        this._pump();
      });
    }
    _deliver(line) {
      const q = this._questions.shift();
      if (q) q.resolve(line); else this.emit('line', line);
    }
    pause() { this._paused = true; this._stopIfIdle(); this.emit('pause'); return this; }
    resume() { this._paused = false; this.emit('resume'); this._pump(); return this; }
    close() {
      if (this.closed) return;
      this.closed = true;
      if (this._cancel) { this._cancel(); this._cancel = null; }
      const pending = this._questions.splice(0);
      for (const q of pending) {
        const e = new Error('readline was closed');
        e.code = 'ABORT_ERR';
        q.reject(e);
      }
      this.emit('close');
    }
    [asyncIterator]() {
      const lines = [];
      let wake = null;
      const wakeUp = () => { if (wake) { const w = wake; wake = null; w(); } };
      this.on('line', (l) => { lines.push(l); wakeUp(); });
      this.on('close', wakeUp);
      return {
        next: async () => {
          while (!lines.length && !this.closed) await new Promise((r) => { wake = r; });
          if (lines.length) return { value: lines.shift(), done: false };
          return { value: undefined, done: true };
        },
        return: async () => { this.close(); return { value: undefined, done: true }; },
        [asyncIterator]() { return this; },
      };
    }
  }

  const createInterface = (input, output, completer, terminal) => new Interface(input, output, completer, terminal);
  class PromisesInterface extends Interface {
    _question(query, opts) { return this._questionPromise(query, opts); }
  }
  const promises = {
    Interface: PromisesInterface,
    createInterface: (input, output, completer, terminal) => new PromisesInterface(input, output, completer, terminal),
  };
  const noop = () => true;
  return {
    Interface, createInterface, promises,
    clearLine: noop, clearScreenDown: noop, cursorTo: noop, moveCursor: noop,
    emitKeypressEvents: () => {},
  };
}
