/**
 * Source of the script that runs first in every run's context. It removes what user code must
 * not have (shared memory, WebAssembly), installs a bounded `console`, receives the entry
 * function through `__refinery_install` and runs batches: records come in as a JSON head and an
 * array of their string values (see js-batch-encoding.ts), outcomes go out as one JSON string
 * (copying strings is far cheaper than copying objects).
 *
 * Outcome encoding per record: a plain value (string, number, boolean, null, array of those or
 * of arrays of those) on success, or `{f: reason, m: message}` on failure — user code can never
 * produce a plain object as a valid output, so the two cannot be confused.
 *
 * The prelude evaluates to an API object: { configure(json), drain(), runBatch(head, strings, start), partial() }.
 */
export const JS_PRELUDE = String.raw`(function (global) {
  'use strict';
  const stringify = JSON.stringify, parse = JSON.parse, isArray = Array.isArray, freeze = Object.freeze;
  const defineProperty = Object.defineProperty, keysOf = Object.keys, iteratorSymbol = Symbol.iterator, StringCtor = String;
  for (const name of ['SharedArrayBuffer', 'Atomics', 'WebAssembly']) delete global[name];

  let cfg = { kind: 'classification', entry: 'lf', maxOutputChars: 100000, maxSpans: 1000, maxLogLines: 1000, maxLogLineChars: 2000, knowledge: {} };
  let fn = null;
  let current = -1;
  let logs = [];
  let dropped = 0;
  let out = [];

  function show(v) {
    if (typeof v === 'string') return v;
    if (v === undefined) return 'undefined';
    if (typeof v === 'function') return '[function ' + (v.name || 'anonymous') + ']';
    if (typeof v === 'bigint') return StringCtor(v) + 'n';
    try { const s = stringify(v); return s === undefined ? StringCtor(v) : s; } catch (e) { return '[unprintable ' + typeof v + ']'; }
  }
  function log() {
    if (logs.length >= cfg.maxLogLines) { dropped++; return; }
    let line = '';
    for (let i = 0; i < arguments.length && line.length <= cfg.maxLogLineChars; i++) line += (i ? ' ' : '') + show(arguments[i]);
    if (line.length > cfg.maxLogLineChars) line = line.slice(0, cfg.maxLogLineChars) + '… (truncated)';
    logs.push([current, line]);
  }
  defineProperty(global, 'console', { value: freeze({ log: log, info: log, warn: log, error: log, debug: log }), writable: false, configurable: false });

  function describe(v) {
    if (v === null) return 'null';
    if (isArray(v)) return 'an array';
    if (typeof v === 'string') return 'a string';
    if (typeof v === 'object' && typeof v.then === 'function') return 'a Promise (functions must be synchronous)';
    return typeof v === 'object' ? 'an object' : typeof v + ' ' + show(v);
  }
  function failure(reason, message) { return { f: reason, m: message }; }
  function errorText(e) {
    try {
      if (e instanceof Error) {
        const stack = StringCtor(e.stack || '');
        const m = /user-code\.js:(\d+):(\d+)/.exec(stack);
        return e.name + ': ' + e.message + (m ? ' (line ' + m[1] + ')' : '');
      }
      return show(e);
    } catch (inner) { return 'an unprintable exception'; }
  }
  function tooBig(chars) { return chars > cfg.maxOutputChars ? failure('output-limit', 'output of more than ' + cfg.maxOutputChars + ' characters') : null; }
  function isIterator(v) { return v !== null && typeof v === 'object' && !isArray(v) && typeof v[iteratorSymbol] === 'function' && typeof v.next === 'function'; }

  // Arrays of primitives or of arrays of primitives, within the size limits; anything else fails
  // here so that no large or exotic structure is ever copied out of the isolate.
  function plainList(v, nested) {
    const limit = cfg.kind === 'extraction' ? cfg.maxSpans : cfg.maxOutputChars;
    const copy = [];
    let chars = 0;
    let count = 0;
    // Arrays by index (their prototype may have been swapped), other iterables (generators) by protocol.
    const items = isArray(v) ? arrayItems(v) : v;
    for (const item of items) {
      if (++count > limit) return failure('output-limit', 'more than ' + limit + (cfg.kind === 'extraction' ? ' spans' : ' elements'));
      if (item === null || typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && item === item && item !== Infinity && item !== -Infinity)) {
        chars += typeof item === 'string' ? item.length + 3 : 8;
        copy.push(item);
      } else if (nested && isArray(item)) {
        const inner = plainList(item, false);
        if (!isArray(inner)) return inner;
        chars += stringify(inner).length;
        copy.push(inner);
      } else {
        return failure('wrong-type', 'the result contains ' + describe(item));
      }
      if (chars > cfg.maxOutputChars) return tooBig(chars);
    }
    return copy;
  }
  function* arrayItems(v) { for (let i = 0; i < v.length; i++) yield v[i]; }
  function normalize(v) {
    if (v === undefined || v === null) return null;
    switch (typeof v) {
      case 'string': return tooBig(v.length) || v;
      case 'boolean': return v;
      case 'number': return v === v && v !== Infinity && v !== -Infinity ? v : failure('wrong-type', 'returned ' + StringCtor(v));
      case 'object':
        if (isArray(v) || isIterator(v)) return plainList(v, true);
        return failure('wrong-type', 'returned ' + describe(v));
      default:
        return failure('wrong-type', 'returned ' + describe(v));
    }
  }

  // The batch being run (see js-batch-encoding.ts). Its records are built one at a time, as they
  // run, so only one is alive. Spreading the template defines own properties: a setter user code
  // put on Object.prototype (or a key named __proto__) cannot change what a record looks like.
  // One reader per context, not a closure per batch: a new call target each batch would make V8
  // throw away the optimized loop.
  const batch = { list: null, template: null, keys: null, strings: null, others: null, values: null, r: 0, s: 0, slot: 0, o: 0, nextOther: -1 };
  function readBatch(head, strings) {
    const parsed = parse(head);
    batch.r = 0;
    if (isArray(parsed)) { batch.list = parsed; return parsed.length; }
    batch.list = null; batch.template = parsed.t; batch.keys = keysOf(parsed.t); batch.strings = strings;
    batch.others = parsed.o; batch.values = parsed.v; batch.s = 0; batch.slot = 0; batch.o = 0;
    batch.nextOther = parsed.o.length > 0 ? parsed.o[0] : -1;
    return parsed.c;
  }
  function nextRecord() {
    if (batch.list) return batch.list[batch.r++];
    const record = { ...batch.template }, keys = batch.keys;
    for (let k = 0; k < keys.length; k++, batch.slot++) {
      if (batch.slot === batch.nextOther) {
        record[keys[k]] = batch.values[batch.o++];
        batch.nextOther = batch.o < batch.others.length ? batch.others[batch.o] : -1;
      } else {
        record[keys[k]] = batch.strings[batch.s++];
      }
    }
    return record;
  }

  defineProperty(global, '__refinery_install', {
    configurable: true,
    value: function (factory) {
      const entry = factory(cfg.knowledge);
      if (typeof entry !== 'function') throw new TypeError(cfg.entry + ' is not a function');
      fn = entry;
    },
  });

  const api = freeze({
    configure: function (json) {
      cfg = parse(json);
      for (const k in cfg.knowledge) freeze(cfg.knowledge[k]);
      freeze(cfg.knowledge);
    },
    drain: function () {
      delete global.__refinery_install;
      const result = stringify({ l: logs, d: dropped });
      logs = []; dropped = 0;
      return result;
    },
    runBatch: function (head, strings, start) {
      const count = readBatch(head, strings);
      out = [];
      for (let i = 0; i < count; i++) {
        current = start + i;
        const record = nextRecord();
        let outcome;
        try {
          outcome = normalize(fn(record));
        } catch (e) {
          outcome = failure('error', cfg.entry + ' threw ' + errorText(e));
        }
        out[i] = outcome;
      }
      current = -1;
      return api.partial();
    },
    partial: function () {
      const result = stringify({ o: out, l: logs, d: dropped });
      out = []; logs = []; dropped = 0;
      return result;
    },
  });
  return api;
})(globalThis)`;
