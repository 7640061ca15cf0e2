import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { AppError } from '@refinery/server-core';

/**
 * Password protection of a snapshot archive: the zip bytes are cut into frames of 64 KiB, each
 * sealed with AES-256-GCM (nonce = 8-byte random prefix ‖ frame counter; the counter and a
 * "last frame" flag are authenticated data, so frames cannot be reordered, dropped or cut off).
 * The key comes from scrypt (N = 2^15, r = 8, p = 1) over the password and a random salt; a
 * second derived key signs the header (HMAC-SHA256), which tells a wrong password from tampering.
 *
 *   header  "RPSNAPE1" | version 1 | log2 N | r | p | salt[16] | nonce prefix[8] | hmac[32]
 *   frame   plaintext length (u32 BE) | ciphertext | GCM tag[16]   (the last frame has the flag)
 */
export const ENCRYPTED_MAGIC = Buffer.from('RPSNAPE1', 'latin1');
const HEADER_BYTES = 8 + 4 + 16 + 8 + 32;
export const FRAME_BYTES = 64 * 1024;
const TAG_BYTES = 16;

function scrypt(password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

async function deriveKeys(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<{ enc: Buffer; mac: Buffer }> {
  const key = await scrypt(password.normalize('NFC'), salt, 64, { N: 2 ** logN, r, p, maxmem: 256 * 1024 * 1024 });
  return { enc: key.subarray(0, 32), mac: key.subarray(32) };
}

function nonce(prefix: Buffer, counter: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, 8);
  return n;
}

function aad(counter: number, last: boolean): Buffer {
  const a = Buffer.alloc(5);
  a.writeUInt32BE(counter, 0);
  a[4] = last ? 1 : 0;
  return a;
}

/** Seals a byte stream frame by frame (memory: one frame). */
export class ArchiveEncryptor {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private counter = 0;

  private constructor(
    private readonly key: Buffer,
    private readonly prefix: Buffer,
    readonly header: Buffer,
  ) {}

  static async create(password: string): Promise<ArchiveEncryptor> {
    const [logN, r, p] = [15, 8, 1];
    const salt = randomBytes(16);
    const prefix = randomBytes(8);
    const keys = await deriveKeys(password, salt, logN, r, p);
    const head = Buffer.concat([ENCRYPTED_MAGIC, Buffer.from([1, logN, r, p]), salt, prefix]);
    const header = Buffer.concat([head, createHmac('sha256', keys.mac).update(head).digest()]);
    return new ArchiveEncryptor(keys.enc, prefix, header);
  }

  /** Sealed frames for the bytes so far (whole frames only). */
  push(chunk: Uint8Array): Buffer[] {
    this.pending.push(Buffer.from(chunk));
    this.pendingBytes += chunk.length;
    const out: Buffer[] = [];
    while (this.pendingBytes > FRAME_BYTES) out.push(this.seal(this.take(FRAME_BYTES), false));
    return out;
  }

  /** The rest, as the last frame (possibly empty). */
  finish(): Buffer {
    return this.seal(this.take(this.pendingBytes), true);
  }

  private take(n: number): Buffer {
    const all = Buffer.concat(this.pending);
    this.pending = [all.subarray(n)];
    this.pendingBytes = all.length - n;
    return all.subarray(0, n);
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.prefix, this.counter));
    cipher.setAAD(aad(this.counter, last));
    this.counter++;
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(plain.length + (last ? 0x8000_0000 : 0), 0);
    return Buffer.concat([length, body, cipher.getAuthTag()]);
  }
}

/** Whether an archive starts like a password-protected one. */
export function isEncrypted(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= ENCRYPTED_MAGIC.length && Buffer.from(firstBytes.subarray(0, ENCRYPTED_MAGIC.length)).equals(ENCRYPTED_MAGIC);
}

const tampered = (what: string) => new AppError('VALIDATION_FAILED', `the archive was tampered with or is damaged: ${what}`);

/**
 * Opens a sealed stream: yields each frame's plaintext only after its tag checked out. A wrong
 * password fails on the header; a changed, dropped, reordered or cut-off frame fails where it is.
 */
export async function* decryptArchive(source: AsyncIterable<Uint8Array>, password: string | undefined): AsyncGenerator<Buffer> {
  let buffer = Buffer.alloc(0);
  let keys: { enc: Buffer } | null = null;
  let prefix = Buffer.alloc(0);
  let counter = 0;
  let ended = false;
  for await (const chunk of source) {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : Buffer.from(chunk);
    if (!keys) {
      if (buffer.length < HEADER_BYTES) continue;
      if (password === undefined) throw new AppError('VALIDATION_FAILED', 'payload.password: the archive is password-protected; give its password');
      const head = buffer.subarray(0, HEADER_BYTES - 32);
      if (head[8] !== 1) throw new AppError('VALIDATION_FAILED', `the archive's encryption version ${head[8]} is not supported (1 is)`);
      const [logN, r, p] = [head[9] ?? 0, head[10] ?? 0, head[11] ?? 0];
      if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) throw tampered('implausible key-derivation parameters in the header');
      const derived = await deriveKeys(password, head.subarray(12, 28), logN, r, p);
      const expected = createHmac('sha256', derived.mac).update(head).digest();
      if (!timingSafeEqual(expected, buffer.subarray(HEADER_BYTES - 32, HEADER_BYTES))) {
        throw new AppError('VALIDATION_FAILED', 'payload.password: wrong password for this archive (or its header was changed)');
      }
      keys = derived;
      prefix = Buffer.from(head.subarray(28, 36));
      buffer = buffer.subarray(HEADER_BYTES);
    }
    for (;;) {
      if (buffer.length < 4) break;
      const word = buffer.readUInt32BE(0);
      const last = word >= 0x8000_0000;
      const length = word % 0x8000_0000;
      if (length > FRAME_BYTES) throw tampered(`frame ${counter} claims ${length} bytes`);
      if (buffer.length < 4 + length + TAG_BYTES) break;
      if (ended) throw tampered('bytes after the last frame');
      const decipher = createDecipheriv('aes-256-gcm', keys.enc, nonce(prefix, counter));
      decipher.setAAD(aad(counter, last));
      decipher.setAuthTag(buffer.subarray(4 + length, 4 + length + TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(buffer.subarray(4, 4 + length)), decipher.final()]);
      } catch {
        throw tampered(`frame ${counter} (bytes from ${HEADER_BYTES + counter * (4 + FRAME_BYTES + TAG_BYTES)}) failed authentication`);
      }
      buffer = buffer.subarray(4 + length + TAG_BYTES);
      counter++;
      if (last) ended = true;
      if (plain.length) yield plain;
    }
  }
  if (!keys) throw tampered('shorter than its header');
  if (buffer.length > 0) throw tampered(ended ? 'bytes after the last frame' : `frame ${counter} is cut off`);
  if (!ended) throw tampered('it ends before its last frame (truncated)');
}
