import { CsvTokenizer } from './csv-tokenizer.js';

function tokenize(
  text: string,
  chunk = text.length || 1,
  opts: { maxCell?: number; maxFields?: number } = {},
) {
  const t = new CsvTokenizer(44, opts.maxCell ?? 1000, opts.maxFields ?? 100);
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk));
  const end = t.end();
  return { records: t.records, end };
}

describe('CsvTokenizer', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks (RFC 4180)', () => {
    const { records } = tokenize('a,b\r\n"x, y","say ""hi""\r\nthere"\r\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\r\nthere'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('gives the same records for every chunk size (state survives chunk boundaries)', () => {
    const text = 'h1,h2\r\n"q""uo\nted",plain\r"",x\n\nlast,"end"';
    const expected = tokenize(text).records;
    for (let size = 1; size <= text.length; size++)
      expect(tokenize(text, size).records).toEqual(expected);
  });

  it('ends records on LF, CRLF and CR, counts lines inside quotes, and skips blank lines', () => {
    const { records } = tokenize('a\nb\r\nc\rd\n\n"multi\nline"\ne');
    expect(records.map((r) => r.fields[0])).toEqual(['a', 'b', 'c', 'd', 'multi\nline', 'e']);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 6, 8]);
  });

  it('keeps a quoted empty field on its own line (it is a record, not a blank line)', () => {
    expect(tokenize('""\n').records.map((r) => r.fields)).toEqual([['']]);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(tokenize('5" screen,x\n').records[0]!.fields).toEqual(['5" screen', 'x']);
  });

  it('flags text after a closing quote with the field index', () => {
    const rec = tokenize('a,"b"c,d\n').records[0]!;
    expect(rec.malformed).toBe(1);
    expect(rec.fields).toEqual(['a', 'bc', 'd']);
  });

  it('reports an unterminated quote with the line it started on', () => {
    expect(tokenize('a\n"never closed\nmore').end).toEqual({ unterminatedQuoteLine: 2 });
  });

  it('measures but does not store a cell over the limit', () => {
    const rec = tokenize(`x,${'y'.repeat(50)},z\n`, 7, { maxCell: 10 }).records[0]!;
    expect(rec.tooLong).toBe(1);
    expect(rec.fields).toEqual(['x', '', 'z']);
  });

  it('counts fields past the cap without storing them', () => {
    const rec = tokenize('1,2,3,4,5\n', 100, { maxFields: 2 }).records[0]!;
    expect(rec).toMatchObject({ fields: ['1', '2'], count: 5 });
  });

  it('reads a last record without a line break and a trailing empty field', () => {
    expect(tokenize('a,b\nc,').records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', ''],
    ]);
  });
});
