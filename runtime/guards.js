// Size checks in front of the allocators a single call can make huge; see
// guards.go. Evaluates to the installer, called once per runtime.
(function (maxChars, maxElements, maxBytes) {
    const tooBig = (what, n, max) =>
        new RangeError(`${what} of ${n} is over botrt's limit of ${max}: one allocation that large could stop every bot`)
    const define = (obj, name, value) =>
        Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: false })

    const SP = String.prototype
    const { repeat, padStart, padEnd } = SP
    define(SP, 'repeat', {
        repeat(count) {
            if (this != null) {
                const n = String(this).length * Number(count)
                if (n > maxChars) throw tooBig('a string length', n, maxChars)
            }
            return repeat.call(this, count)
        },
    }.repeat)
    define(SP, 'padStart', {
        padStart(length, fill) {
            if (Number(length) > maxChars) throw tooBig('a string length', Number(length), maxChars)
            return padStart.call(this, length, fill)
        },
    }.padStart)
    define(SP, 'padEnd', {
        padEnd(length, fill) {
            if (Number(length) > maxChars) throw tooBig('a string length', Number(length), maxChars)
            return padEnd.call(this, length, fill)
        },
    }.padEnd)

    const AP = Array.prototype
    const { fill } = AP
    define(AP, 'fill', {
        fill(value, start, end) {
            if (this != null && Number(this.length) > maxElements) {
                throw tooBig('an array length', Number(this.length), maxElements)
            }
            return fill.call(this, value, start, end)
        },
    }.fill)

    // Constructors taking a length are replaced by a checking function that
    // shares their prototype and inherits their statics, so instanceof,
    // subclassing, Array.isArray/from/of and prototype.constructor keep
    // working. (A Proxy would be simpler, but goja's instanceof rejects
    // proxies.)
    const guardCtor = (name, what, max, perElement) => {
        const C = globalThis[name]
        const check = (args) => {
            const n = args[0]
            if (args.length >= 1 && typeof n === 'number' && n * perElement > max) {
                throw tooBig(what, n, max / perElement)
            }
        }
        const G = {
            [name]: function (...args) {
                check(args)
                if (new.target === undefined) return Reflect.apply(C, undefined, args)
                return Reflect.construct(C, args, new.target === G ? C : new.target)
            },
        }[name]
        Object.setPrototypeOf(G, C)
        Object.defineProperty(G, 'prototype', { value: C.prototype, writable: false, enumerable: false, configurable: false })
        Object.defineProperty(G, 'length', { value: C.length, configurable: true })
        define(C.prototype, 'constructor', G)
        define(globalThis, name, G)
    }
    guardCtor('Array', 'an array length', maxElements, 1)
    // Of the binary types only the two every Buffer stands on: goja builds
    // built-ins on first use, and wrapping all eleven typed arrays would
    // build them in every bot (about 45 KiB each bot, measured).
    guardCtor('ArrayBuffer', 'a buffer size', maxBytes, 1)
    guardCtor('Uint8Array', 'a typed array length', maxBytes, 1)
})
