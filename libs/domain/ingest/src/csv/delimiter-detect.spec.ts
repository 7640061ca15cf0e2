import { detectDelimiter } from './delimiter-detect.js';

describe('detectDelimiter', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5;6\n'],
    ['\t', 'a\tb\n1,2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('detects %j', (delimiter, sample) => {
    expect(detectDelimiter(sample, true)).toBe(delimiter);
  });

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"a;b;c;d",x\n"1;2;3;4",y\n', true)).toBe(',');
  });

  it('prefers the candidate whose rows agree with the header', () => {
    // the header has two semicolons but the rows do not; commas split every line in two
    expect(detectDelimiter('title;x;y,n\nhello,1\nworld,2\nagain,3\n', true)).toBe(',');
  });

  it('falls back to a comma for a single column', () => {
    expect(detectDelimiter('headline\nhello world\n', true)).toBe(',');
  });

  it('ignores the cut-off last record of an incomplete sample', () => {
    expect(detectDelimiter('a;b\n1;2\n3;4\n5', false)).toBe(';');
  });
});
