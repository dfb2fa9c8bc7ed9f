function (native) {
  'use strict';
  const statusText = (code) => native.statusText(code) || 'Unknown';

  function initialize(err, statusCode, message) {
    const numberCode = parseInt(statusCode, 10);
    if (!(numberCode >= 400)) throw new Error('First argument must be a number (400+): ' + statusCode);
    err.isBoom = true;
    err.isServer = numberCode >= 500;
    if (!Object.prototype.hasOwnProperty.call(err, 'data')) err.data = null;
    err.output = { statusCode: numberCode, payload: {}, headers: {} };
    Object.defineProperty(err, 'reformat', { value: reformat, configurable: true, writable: true });
    if (!message && !err.message) {
      err.reformat();
      message = err.output.payload.error;
    }
    if (message) {
      const props = Object.getOwnPropertyDescriptor(err, 'message') || Object.getOwnPropertyDescriptor(Object.getPrototypeOf(err), 'message');
      if (!props || props.configurable || props.writable) {
        err.message = message + (err.message && message !== err.message ? ': ' + err.message : '');
      }
      err.output.payload.message = err.message;
    }
    err.reformat();
    return err;
  }
  function reformat(debug = false) {
    this.output.payload.statusCode = this.output.statusCode;
    this.output.payload.error = statusText(this.output.statusCode);
    if (this.output.statusCode === 500 && debug !== true) {
      this.output.payload.message = 'An internal server error occurred';
    } else if (this.message) {
      this.output.payload.message = this.message;
    }
  }

  class Boom extends Error {
    constructor(messageOrError, options = {}) {
      if (messageOrError instanceof Error) return Boom.boomify(Object.assign(messageOrError, {}), options);
      const { statusCode = 500, data = null, ctor = Boom } = options;
      super(messageOrError === undefined ? undefined : String(messageOrError));
      if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(this, ctor);
      this.data = data;
      initialize(this, statusCode);
      Object.defineProperty(this, 'typeof', { value: ctor, configurable: true, writable: true });
      if (options.decorate) Object.assign(this, options.decorate);
    }
    static [Symbol.hasInstance](instance) {
      if (this === Boom) return Boom.isBoom(instance);
      return Function.prototype[Symbol.hasInstance].call(this, instance);
    }
    static isBoom(err, statusCode) {
      return err instanceof Error && !!err.isBoom && (!statusCode || err.output.statusCode === statusCode);
    }
    static boomify(err, options = {}) {
      if (!(err instanceof Error)) throw new TypeError('Cannot wrap non-Error object');
      if (options.data !== undefined) err.data = options.data;
      if (options.decorate) Object.assign(err, options.decorate);
      if (!err.isBoom) return initialize(err, options.statusCode || 500, options.message);
      if (options.override === false || (!options.statusCode && !options.message)) return err;
      return initialize(err, options.statusCode || err.output.statusCode, options.message);
    }
  }

  const make = (code, name) => function (message, data) {
    return new Boom(message, { statusCode: code, data, ctor: Boom[name] });
  };
  const helpers = {
    badRequest: 400, unauthorized: 401, paymentRequired: 402, forbidden: 403, notFound: 404, methodNotAllowed: 405,
    notAcceptable: 406, proxyAuthRequired: 407, clientTimeout: 408, conflict: 409, resourceGone: 410,
    lengthRequired: 411, preconditionFailed: 412, entityTooLarge: 413, uriTooLong: 414, unsupportedMediaType: 415,
    rangeNotSatisfiable: 416, expectationFailed: 417, teapot: 418, badData: 422, locked: 423, failedDependency: 424,
    tooEarly: 425, preconditionRequired: 428, tooManyRequests: 429, illegal: 451, notImplemented: 501,
    badGateway: 502, serverUnavailable: 503, gatewayTimeout: 504,
  };
  const exportsObj = { Boom, isBoom: Boom.isBoom, boomify: Boom.boomify };
  for (const [name, code] of Object.entries(helpers)) exportsObj[name] = Boom[name] = make(code, name);
  exportsObj.unauthorized = Boom.unauthorized = function (message, scheme, attributes) {
    const err = new Boom(message, { statusCode: 401, ctor: Boom.unauthorized });
    if (scheme) err.output.headers['WWW-Authenticate'] = String(scheme) + (attributes ? ' ' + Object.entries(attributes).map(([k, v]) => k + '="' + v + '"').join(', ') : '');
    return err;
  };
  exportsObj.methodNotAllowed = Boom.methodNotAllowed = function (message, data, allow) {
    const err = new Boom(message, { statusCode: 405, data, ctor: Boom.methodNotAllowed });
    if (allow) err.output.headers.Allow = [].concat(allow).join(', ');
    return err;
  };
  exportsObj.teapot = Boom.teapot = (message, data) => new Boom(message, { statusCode: 418, data, ctor: Boom.teapot });
  exportsObj.internal = Boom.internal = function (message, data, statusCode = 500) {
    if (data instanceof Error && !data.isBoom) return Boom.boomify(data, { statusCode, message });
    return new Boom(message, { statusCode, data, ctor: Boom.internal });
  };
  exportsObj.badImplementation = Boom.badImplementation = function (message, data) {
    const err = Boom.internal(message, data, 500);
    err.isDeveloperError = true;
    return err;
  };
  return exportsObj;
}
