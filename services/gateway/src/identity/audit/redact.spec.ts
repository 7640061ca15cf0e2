import { redact } from './redact.js';

describe('redact', () => {
  it('drops secret-looking keys at any depth and keeps the rest', () => {
    expect(
      redact({ email: 'a@b.c', password: 'x', nested: { secretHash: 'y', name: 'n', token: 't', tokenId: 'id' }, role: 'owner' }),
    ).toEqual({ email: 'a@b.c', nested: { name: 'n', tokenId: 'id' }, role: 'owner' });
  });
});
