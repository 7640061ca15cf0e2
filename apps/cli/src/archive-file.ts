import { constants, createWriteStream } from 'node:fs';
import { access, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { RefineryApiError } from '@refinery/sdk';
import { CliError } from './cli-error.js';

const reason = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/**
 * Where a download goes: `--out FILE`, or a folder (`--out DIR`, an existing folder or a path
 * ending in `/`; the current folder without `--out`) for the server's file name. Checked before
 * the export starts, since an export may take minutes.
 */
export async function outputTarget(out: string | undefined, cwd: string): Promise<{ dir: string; file: string | null }> {
  const path = resolve(cwd, out ?? '.');
  const isDir = out === undefined || out.endsWith('/') || (await stat(path).then((s) => s.isDirectory(), () => false));
  const dir = isDir ? path : dirname(path);
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new CliError(`cannot write to the folder ${dir}: ${reason(error)}`);
  }
  return { dir, file: isDir ? null : path };
}

/**
 * Streams a download to `path` without holding it: into `<path>.part`, renamed once all
 * `expectedBytes` arrived, so a cut-off download never looks like an archive. Mode 0600: an
 * archive holds a whole project.
 */
export async function saveDownload(body: ReadableStream<Uint8Array>, path: string, expectedBytes: number): Promise<void> {
  const part = `${path}.part`;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), counter, createWriteStream(part, { mode: 0o600 }));
  } catch (error) {
    await rm(part, { force: true });
    // A local file error has its system call (open, write); anything else came from the network.
    if ((error as NodeJS.ErrnoException).syscall) throw new CliError(`cannot write ${part}: ${reason(error)}`);
    throw new RefineryApiError(0, 'DOWNLOAD_FAILED', `the download stopped after ${received} of ${expectedBytes} bytes: ${reason(error)}`);
  }
  if (received !== expectedBytes) {
    await rm(part, { force: true });
    throw new RefineryApiError(0, 'DOWNLOAD_FAILED', `the download ended after ${received} of ${expectedBytes} bytes`);
  }
  await rename(part, path);
}

/** A local archive opened for an upload: its size and a stream of its bytes (read as sent). */
export interface ArchiveSource {
  readonly size: number;
  readonly stream: ReadableStream<Uint8Array>;
  close(): Promise<void>;
}

/** Opens `file` for reading, or a CliError naming what is wrong with it (missing, a folder, empty, unreadable). */
export async function openArchive(file: string): Promise<ArchiveSource> {
  const info = await stat(file).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' || code === 'ENOTDIR' ? `no file ${file}` : `cannot read ${file}: ${reason(error)}`);
  });
  if (info.isDirectory()) throw new CliError(`${file} is a folder, not a snapshot archive`);
  if (!info.isFile()) throw new CliError(`${file} is not a regular file`);
  if (info.size === 0) throw new CliError(`${file} is empty, not a snapshot archive`);
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw new CliError(`cannot read ${file}: ${reason(error)}`);
  });
  const stream = Readable.toWeb(handle.createReadStream({ autoClose: false })) as unknown as ReadableStream<Uint8Array>;
  return { size: info.size, stream, close: () => handle.close() };
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1_024 && unit < units.length - 1) {
    value /= 1_024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
