import { withinBytes } from './page-bytes.js';

describe('withinBytes', () => {
  const views = ['aaaa', 'bbbb', 'cccc'].map((text) => ({ text })); // {"text":"aaaa"} = 15 bytes

  it('keeps a page that fits whole', () => {
    expect(withinBytes(views, Buffer.byteLength(JSON.stringify(views)))).toEqual(views);
  });

  it('keeps the longest prefix that fits, counting UTF-8 bytes, not characters', () => {
    expect(withinBytes(views, 2 + 15 + 1 + 15)).toEqual(views.slice(0, 2));
    expect(withinBytes(views, 2 + 15 + 1 + 14)).toEqual(views.slice(0, 1));
    const wide = [{ text: 'ééé' }, { text: 'x' }]; // é is 2 bytes in UTF-8
    expect(withinBytes(wide, 2 + Buffer.byteLength(JSON.stringify(wide[0])))).toEqual(wide.slice(0, 1));
  });

  it('always keeps the first view, so paging moves on', () => {
    expect(withinBytes(views, 5)).toEqual(views.slice(0, 1));
    expect(withinBytes([], 5)).toEqual([]);
  });
});
