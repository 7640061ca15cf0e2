/** Python keywords (and soft keywords that break `from knowledge import …`) are not variables. */
const RESERVED = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

/**
 * The importable name of a list: its name with every run of other characters made `_`
 * ("not clickbait" → `not_clickbait`), never starting with a digit, never a keyword, and
 * unique among `taken` (`_2`, `_3`, … appended).
 */
export function pythonVariableOf(name: string, taken: ReadonlySet<string>): string {
  let base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 90);
  if (base === '') base = 'list';
  if (/^[0-9]/.test(base) || RESERVED.has(base)) base = `_${base}`;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}
