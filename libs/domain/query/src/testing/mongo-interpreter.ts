// A tiny interpreter of the MongoDB filter/sort subset the compiler may emit — test-only. It
// refuses any operator outside FerretDB 1.24's supported query operators, so a test over random
// queries also proves the compiler stays inside that subset.

import type { MongoFilter, MongoSort, MongoValue } from '../mongo-types.js';
import type { BrowseSource, FindArgs } from '../read-page.js';
import { readPath } from '../document-path.js';
import { asScalar, compareScalars, type Scalar } from '../value-order.js';

export const FERRET_LOGICAL = ['$and', '$or', '$nor'] as const;
export const FERRET_FIELD_OPS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$size',
  '$regex',
  '$options',
] as const;

const fieldOps = new Set<string>(FERRET_FIELD_OPS);

function isOperatorObject(v: MongoValue): v is { readonly [k: string]: MongoValue } {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length > 0 &&
    Object.keys(v).every((k) => k.startsWith('$'))
  );
}

const regexCache = new Map<string, RegExp>();

/** PCRE/RE2 source -> JS: `\z` (end of text) has no JS spelling, everything else we emit reads the same. */
function toJsRegex(source: string, options: string): RegExp {
  const cacheKey = `${options}/${source}`;
  const cached = regexCache.get(cacheKey);
  if (cached) return cached;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length) {
      const next = source[++i]!;
      out += next === 'z' ? '(?![\\s\\S])' : `\\${next}`;
    } else out += ch;
  }
  for (const o of options) if (o !== 'i') throw new Error(`unexpected $options "${o}"`);
  const re = new RegExp(out, options.includes('i') ? 'iu' : 'u');
  regexCache.set(cacheKey, re);
  return re;
}

function scalarEquals(a: unknown, b: MongoValue): boolean {
  if (b === null) return a === null || a === undefined;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Equality with Mongo's array rule: an array field matches if it or any element equals. */
function equals(v: unknown, x: MongoValue): boolean {
  if (Array.isArray(v)) return scalarEquals(v, x) || v.some((e) => scalarEquals(e, x));
  return scalarEquals(v, x);
}

function anyElement(v: unknown, test: (e: unknown) => boolean): boolean {
  return Array.isArray(v) ? v.some(test) : test(v);
}

function compare(v: unknown, x: MongoValue, ok: (c: number) => boolean): boolean {
  return anyElement(v, (e) => {
    const s = asScalar(e);
    const t = x as Scalar;
    // Type bracketing: $gt/$lt only compare values of the same BSON type class.
    return s !== null && t !== null && typeof s === typeof t && ok(compareScalars(s, t));
  });
}

function fieldMatches(v: unknown, cond: MongoValue): boolean {
  if (!isOperatorObject(cond)) return equals(v, cond);
  for (const [op, arg] of Object.entries(cond)) {
    if (!fieldOps.has(op)) throw new Error(`operator ${op} is outside the FerretDB 1.24 subset`);
    switch (op) {
      case '$eq':
        if (!equals(v, arg)) return false;
        break;
      case '$ne':
        if (equals(v, arg)) return false;
        break;
      case '$gt':
        if (!compare(v, arg, (c) => c > 0)) return false;
        break;
      case '$gte':
        if (!compare(v, arg, (c) => c >= 0)) return false;
        break;
      case '$lt':
        if (!compare(v, arg, (c) => c < 0)) return false;
        break;
      case '$lte':
        if (!compare(v, arg, (c) => c <= 0)) return false;
        break;
      case '$in':
        if (!Array.isArray(arg) || !arg.some((x) => equals(v, x))) return false;
        break;
      case '$nin':
        if (!Array.isArray(arg) || arg.some((x) => equals(v, x))) return false;
        break;
      case '$exists':
        if ((v !== undefined) !== arg) return false;
        break;
      case '$size':
        if (!Array.isArray(v) || v.length !== arg) return false;
        break;
      case '$regex': {
        const re = toJsRegex(
          String(arg),
          typeof cond['$options'] === 'string' ? cond['$options'] : '',
        );
        if (!anyElement(v, (e) => typeof e === 'string' && re.test(e))) return false;
        break;
      }
      case '$options':
        if (!('$regex' in cond)) throw new Error('$options without $regex');
        break;
    }
  }
  return true;
}

export function matchFilter(doc: unknown, filter: MongoFilter): boolean {
  for (const [key, cond] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      if (!(FERRET_LOGICAL as readonly string[]).includes(key))
        throw new Error(`operator ${key} is outside the FerretDB 1.24 subset`);
      if (!Array.isArray(cond) || cond.length === 0)
        throw new Error(`${key} needs a non-empty array`);
      const parts = cond as MongoFilter[];
      const ok =
        key === '$and'
          ? parts.every((p) => matchFilter(doc, p))
          : key === '$or'
            ? parts.some((p) => matchFilter(doc, p))
            : !parts.some((p) => matchFilter(doc, p));
      if (!ok) return false;
    } else if (!fieldMatches(readPath(doc, key), cond)) return false;
  }
  return true;
}

export function compareBySort(sort: MongoSort): (a: unknown, b: unknown) => number {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [path, dir] of keys) {
      const c = compareScalars(asScalar(readPath(a, path)), asScalar(readPath(b, path)));
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}

/** An in-memory collection behind the `BrowseSource` port, counting the calls it gets. */
export class InterpretedSource<D extends object> implements BrowseSource<D> {
  calls = { find: 0, count: 0 };
  constructor(private readonly docs: readonly D[]) {}

  find(args: FindArgs): Promise<D[]> {
    this.calls.find++;
    let rows = this.docs.filter((d) => matchFilter(d, args.filter));
    if (args.sort) rows = [...rows].sort(compareBySort(args.sort));
    const skip = args.skip ?? 0;
    rows = rows.slice(skip, args.limit === undefined ? undefined : skip + args.limit);
    if (args.projection) {
      const keep = Object.keys(args.projection);
      rows = rows.map((d) => Object.fromEntries(keep.map((k) => [k, readPath(d, k)])) as D);
    }
    return Promise.resolve(rows);
  }

  count(filter: MongoFilter): Promise<number> {
    this.calls.count++;
    return Promise.resolve(this.docs.filter((d) => matchFilter(d, filter)).length);
  }
}
