import { isDuplicateKey } from './duplicate-key.js';

describe('isDuplicateKey', () => {
  it('recognizes MongoDB and FerretDB unique-index violations', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ writeErrors: [{ code: 1 }, { code: 11000 }] })).toBe(true);
    expect(isDuplicateKey(new Error("constraint failed: UNIQUE constraint failed: index 'projects_x' (2067)"))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isDuplicateKey(new Error('connection reset'))).toBe(false);
    expect(isDuplicateKey({ code: 2 })).toBe(false);
    expect(isDuplicateKey('E11000 as a string is not an error object')).toBe(false);
  });
});
