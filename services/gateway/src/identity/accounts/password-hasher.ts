import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const R = 8;
const P = 1;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * scrypt (node:crypto) with N = `cost` (default 2^15), r = 8, p = 1, a 16-byte random salt and a
 * 32-byte key: ~32 MiB of memory per hash, which is what makes guessing expensive. The stored
 * form `scrypt$N$r$p$salt$key` keeps its own parameters, so raising the cost later still verifies
 * old hashes.
 */
export class PasswordHasher {
  constructor(private readonly cost: number) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, this.options(this.cost, R, P));
    return ['scrypt', this.cost, R, P, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [kind, n, r, p, salt, key] = stored.split('$');
    if (kind !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), this.options(Number(n), Number(r), Number(p)));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  /** Spends the time of one verification, so unknown e-mails answer as slowly as wrong passwords. */
  async burn(password: string): Promise<void> {
    await derive(password, Buffer.alloc(SALT_LENGTH), this.options(this.cost, R, P));
  }

  private options(N: number, r: number, p: number): ScryptOptions {
    return { N, r, p, maxmem: 256 * N * r };
  }
}
