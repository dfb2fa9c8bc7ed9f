function (Base) {
  'use strict';
  // goja_nodejs' URL leaves href (and so toString/toJSON) stale after
  // searchParams changes, and drops the port from origin. Its prototype's
  // properties cannot be redefined, so scripts get a subclass that rebuilds
  // both from the components, which it keeps right.
  const href = Object.getOwnPropertyDescriptor(Base.prototype, 'href');
  const special = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);
  class URL extends Base {
    constructor(input, base) {
      const u = base === undefined ? super(String(input)) : super(String(input), String(base));
      // The native constructor ignores new.target; put the subclass back.
      if (Object.getPrototypeOf(u) !== new.target.prototype) Object.setPrototypeOf(u, new.target.prototype);
      return u;
    }
    get href() {
      const raw = href.get.call(this);
      if (!raw.startsWith(this.protocol + '//')) return raw;
      const auth = this.username ? this.username + (this.password ? ':' + this.password : '') + '@' : '';
      return this.protocol + '//' + auth + this.host + this.pathname + this.search + this.hash;
    }
    set href(v) { href.set.call(this, v); }
    get origin() { return special.has(this.protocol) ? this.protocol + '//' + this.host : 'null'; }
    toString() { return this.href; }
    toJSON() { return this.href; }
    static canParse(input, base) {
      try { new URL(input, base); return true; } catch (e) { return false; }
    }
  }
  return URL;
}
