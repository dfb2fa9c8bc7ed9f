// Typings for the npm packages botrt provides itself (no node_modules needed): the subset of each
// package's API that botrt implements (jsapi/shims/*). Node's built-ins follow @types/node; see
// docs/jsapi.md for what botrt's versions do differently (fs confined to the bot's folders, process.env
// filtered, host-reaching modules refused).

declare module 'pino' {
    type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
    interface LogFn {
        (msg: string, ...args: unknown[]): void
        (obj: object | Error, msg?: string, ...args: unknown[]): void
    }
    interface Logger {
        /** Records below this level are dropped; 'silent' turns the logger off. */
        level: Level | string
        readonly levelVal: number
        fatal: LogFn; error: LogFn; warn: LogFn; info: LogFn; debug: LogFn; trace: LogFn; silent: LogFn
        /** A logger whose records carry bindings as attributes. */
        child(bindings: Record<string, unknown>, options?: { level?: Level }): Logger
        isLevelEnabled(level: Level | string): boolean
        bindings(): Record<string, unknown>
        setBindings(bindings: Record<string, unknown>): void
        flush(cb?: () => void): void
    }
    interface Options { level?: Level | string; name?: string; base?: Record<string, unknown>; [other: string]: unknown }
    /** Output always goes to the bot's log; destinations and transports are accepted and ignored. */
    function pino(options?: Options | object, destination?: unknown): Logger
    namespace pino {
        export { Logger, Level, Options }
        const levels: { values: Record<string, number>; labels: Record<number, string> }
        function destination(dest?: unknown): unknown
        function transport(options?: unknown): unknown
        const pino: typeof import('pino')
    }
    export = pino
}

declare module '@hapi/boom' {
    interface Output { statusCode: number; payload: { statusCode: number; error: string; message: string }; headers: Record<string, string> }
    class Boom<Data = any> extends Error {
        constructor(message?: string | Error, options?: { statusCode?: number; data?: Data; ctor?: Function; decorate?: object })
        isBoom: true
        isServer: boolean
        data: Data
        output: Output
        reformat(debug?: boolean): void
    }
    function isBoom(err: unknown, statusCode?: number): err is Boom
    function boomify<E extends Error>(err: E, options?: { statusCode?: number; message?: string; data?: unknown; override?: boolean }): E & Boom
    type Helper = (message?: string, data?: unknown) => Boom
    const badRequest: Helper, unauthorized: Helper, paymentRequired: Helper, forbidden: Helper, notFound: Helper,
        methodNotAllowed: Helper, notAcceptable: Helper, proxyAuthRequired: Helper, clientTimeout: Helper,
        conflict: Helper, resourceGone: Helper, lengthRequired: Helper, preconditionFailed: Helper,
        entityTooLarge: Helper, uriTooLong: Helper, unsupportedMediaType: Helper, rangeNotSatisfiable: Helper,
        expectationFailed: Helper, teapot: Helper, badData: Helper, locked: Helper, failedDependency: Helper,
        tooEarly: Helper, preconditionRequired: Helper, tooManyRequests: Helper, illegal: Helper,
        internal: Helper, notImplemented: Helper, badGateway: Helper, serverUnavailable: Helper,
        gatewayTimeout: Helper, badImplementation: Helper
}

declare module 'qrcode-terminal' {
    /** Renders text as a QR code: to cb if given, else to the host terminal and the bot's log. */
    function generate(text: string, options?: { small?: boolean }, cb?: (qr: string) => void): void
    function generate(text: string, cb?: (qr: string) => void): void
    function setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void
}

declare module 'node-cache' {
    import { EventEmitter } from 'events'
    interface Options { stdTTL?: number; checkperiod?: number; useClones?: boolean; deleteOnExpire?: boolean; maxKeys?: number; forceString?: boolean }
    interface Stats { hits: number; misses: number; keys: number; ksize: number; vsize: number }
    type Key = string | number
    class NodeCache extends EventEmitter {
        constructor(options?: Options)
        get<T>(key: Key): T | undefined
        mget<T>(keys: Key[]): Record<string, T>
        set<T>(key: Key, value: T, ttlSeconds?: number | string): boolean
        mset<T>(entries: { key: Key; val: T; ttl?: number }[]): boolean
        del(keys: Key | Key[]): number
        take<T>(key: Key): T | undefined
        has(key: Key): boolean
        keys(): Key[]
        ttl(key: Key, ttlSeconds?: number): boolean
        getTtl(key: Key): number | undefined
        getStats(): Stats
        flushAll(): void
        flushStats(): void
        close(): void
    }
    export = NodeCache
}

declare module 'dotenv' {
    interface Result { parsed?: Record<string, string>; error?: Error }
    /** Reads .env (relative paths from the scripts folder) into this bot's own process.env. */
    function config(options?: { path?: string | string[]; override?: boolean; encoding?: string }): Result
    function parse(src: string | Uint8Array): Record<string, string>
    function populate(target: Record<string, string | undefined>, parsed: Record<string, string>, options?: { override?: boolean }): void
}

declare module 'dotenv/config' {}
