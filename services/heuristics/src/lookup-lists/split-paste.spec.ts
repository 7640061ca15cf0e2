import { splitPaste } from './split-paste.js';

describe('splitPaste', () => {
  it('splits on the separator, trims and drops empty pieces', () => {
    expect(splitPaste(' Berlin \n\nParis\r\n', '\n')).toEqual(['Berlin', 'Paris']);
    expect(splitPaste('a;b; ;c', ';')).toEqual(['a', 'b', 'c']);
  });

  it('keeps a repeated term once', () => {
    expect(splitPaste('a,b,a', ',')).toEqual(['a', 'b']);
  });
});
