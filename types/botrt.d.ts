// Typings for the 'botrt' module: what botrt adds for scripts beyond Node and Baileys.
//
//   import { kv } from 'botrt'            // or: const { kv } = require('botrt')
//   const n = (kv.get<number>('count') ?? 0) + 1
//   kv.set('count', n)

declare module 'botrt' {
    /** A value kv can store: anything JSON.stringify turns into JSON. */
    type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue } | { toJSON(): unknown }

    /**
     * The bot's persistent key-value store. Each bot (entry file) has its own namespace; values
     * are stored as JSON in botrt's database and survive hot reloads and restarts. Every call is
     * synchronous and durable when it returns.
     *
     * Keys are non-empty strings of at most 1024 bytes; values at most 1 MiB of JSON.
     */
    interface KV {
        /** The stored value (parsed from JSON), or undefined when the key is not set. */
        get<T = any>(key: string): T | undefined
        /**
         * Stores value as JSON. Throws a TypeError for values JSON cannot represent
         * (undefined, functions, symbols), for BigInt and for cyclic objects.
         */
        set(key: string, value: JSONValue): void
        /** Removes the key; true if it was set. */
        delete(key: string): boolean
        /** Whether the key is set. */
        has(key: string): boolean
        /** The keys starting with prefix (all keys when omitted), in byte order. */
        keys(prefix?: string): string[]
    }

    export const kv: KV
}
