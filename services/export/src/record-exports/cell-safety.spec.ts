import { protectCell } from './cell-safety.js';

describe('protectCell', () => {
  it.each(['=1+2', '+49 30 123', '-x', '@SUM(A1)', '\tvalue', '\rvalue'])('prefixes %j with an apostrophe', (text) => {
    expect(protectCell(text)).toBe(`'${text}`);
  });

  it.each(['plain', ' =not first', '', "'already quoted", '1-2'])('leaves %j as it is', (text) => {
    expect(protectCell(text)).toBe(text);
  });
});
