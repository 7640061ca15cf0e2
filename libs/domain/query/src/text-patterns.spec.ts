import { escapeRegex, jsTextRegExp, mongoTextPattern, wildcardToRegex } from './text-patterns.js';

describe('text patterns', () => {
  it('escapes every regex syntax character so user input matches literally', () => {
    const nasty = String.raw`\^$.*+?()[]{}|`;
    const re = new RegExp(`^${escapeRegex(nasty)}$`, 'u');
    expect(re.test(nasty)).toBe(true);
    expect(re.test('x')).toBe(false);
  });

  it('leaves other characters alone (JS u-mode rejects needless escapes)', () => {
    expect(escapeRegex('a-b/c #d é 😀')).toBe('a-b/c #d é 😀');
  });

  it('turns * and ? into wildcards and keeps the rest literal', () => {
    expect(wildcardToRegex('a*b?.')).toBe('a[\\s\\S]*b[\\s\\S]\\.');
    const re = jsTextRegExp('WILDCARD', 'a*b?.', false);
    expect(re.test('aXXbY.')).toBe(true);
    expect(re.test('ab.')).toBe(false);
    expect(re.test('aXbY!')).toBe(false);
  });

  it('? matches one code point, not one UTF-16 unit', () => {
    expect(jsTextRegExp('WILDCARD', 'a?b', false).test('a😀b')).toBe(true);
  });

  it('anchors the Mongo patterns with \\z (end of text), never $', () => {
    expect(mongoTextPattern('EQUAL', 'x')).toBe('^x\\z');
    expect(mongoTextPattern('ENDS_WITH', 'x$')).toBe('x\\$\\z');
    expect(mongoTextPattern('BEGINS_WITH', 'x')).toBe('^x');
    expect(mongoTextPattern('CONTAINS', 'x')).toBe('x');
  });

  it('case-insensitive matching folds Unicode case', () => {
    expect(jsTextRegExp('EQUAL', 'ÄÖÜ', true).test('äöü')).toBe(true);
    expect(jsTextRegExp('EQUAL', 'ÄÖÜ', false).test('äöü')).toBe(false);
  });
});
