import { generateToken, tokenPrefix } from './token-format.js';

describe('API token format', () => {
  it('makes distinct tokens whose prefix parses back', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).not.toBe(b.token);
    expect(tokenPrefix(a.token)).toBe(a.prefix);
    expect(a.token).toMatch(/^rfy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  });

  it.each(['', 'rfy_', 'rfy_0123456789ab', 'rfy_0123456789ab_short', 'xyz_0123456789ab_' + 'a'.repeat(43), 'rfy_0123456789AB_' + 'a'.repeat(43)])(
    'rejects the malformed token %p',
    (token) => {
      expect(tokenPrefix(token)).toBeNull();
    },
  );
});
