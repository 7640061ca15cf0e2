import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(1_024);

  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await hasher.verify('correct horse battery', stored)).toBe(true);
    expect(await hasher.verify('correct horse batterY', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password!')).not.toBe(await hasher.hash('same password!'));
  });

  it('verifies hashes made with another cost (the parameters travel with the hash)', async () => {
    const old = await new PasswordHasher(2_048).hash('an older password');
    expect(await hasher.verify('an older password', old)).toBe(true);
  });

  it.each(['', 'bcrypt$x', 'scrypt$1024$8$1$onlysalt', 'plain'])('rejects the malformed stored value %p', async (stored) => {
    expect(await hasher.verify('whatever', stored)).toBe(false);
  });
});
