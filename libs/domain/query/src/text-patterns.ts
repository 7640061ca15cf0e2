// Regular expressions for the string operators, shared by the Mongo compiler and the in-memory
// evaluator so both agree. The patterns use only syntax that PCRE (MongoDB), RE2 (FerretDB, Go)
// and JavaScript's `u` mode read the same way: escapes of syntax characters, `^`, `[\s\S]`, and
// `\z` for "end of text" (PCRE's and RE2's `$` would also match before a final newline).

const SYNTAX = /[\\^$.*+?()[\]{}|]/g;

/** Escapes every regex syntax character; no other character is escaped (JS `u` mode forbids it). */
export function escapeRegex(text: string): string {
  return text.replace(SYNTAX, '\\$&');
}

/** `*` = any run of characters, `?` = one character; everything else literal. */
export function wildcardToRegex(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += escapeRegex(ch);
  }
  return out;
}

/** PCRE/RE2 "end of text"; JavaScript's `$` means the same without the `m` flag. */
const MONGO_END = '\\z';
const JS_END = '$';

export type TextMatchOp = 'EQUAL' | 'BEGINS_WITH' | 'ENDS_WITH' | 'CONTAINS' | 'WILDCARD';

function pattern(op: TextMatchOp, value: string, end: string): string {
  switch (op) {
    case 'EQUAL':
      return `^${escapeRegex(value)}${end}`;
    case 'BEGINS_WITH':
      return `^${escapeRegex(value)}`;
    case 'ENDS_WITH':
      return `${escapeRegex(value)}${end}`;
    case 'CONTAINS':
      return escapeRegex(value);
    case 'WILDCARD':
      return `^${wildcardToRegex(value)}${end}`;
  }
}

/** The `$regex` source sent to MongoDB / FerretDB. */
export function mongoTextPattern(op: TextMatchOp, value: string): string {
  return pattern(op, value, MONGO_END);
}

/**
 * The same match as a JavaScript RegExp: the `u` flag gives code-point matching and Unicode
 * case folding, like PCRE in UTF mode and RE2.
 */
export function jsTextRegExp(op: TextMatchOp, value: string, caseInsensitive: boolean): RegExp {
  return new RegExp(pattern(op, value, JS_END), caseInsensitive ? 'iu' : 'u');
}
