import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Request, Response } from 'express';

export interface DownloadPiece {
  bytes: Buffer;
  /** Size of the whole file. */
  total: number;
  done: boolean;
}

/**
 * Streams a file that a service hands out piece by piece: headers from the first piece, then
 * each piece written as soon as it arrives, waiting for the socket to drain in between, so the
 * gateway holds one piece at a time whatever the file size. Stops when the client goes away.
 * A gzip-stored file goes out as `Content-Encoding: gzip` to clients that accept it and is
 * decompressed on the way for the others (then without a Content-Length).
 */
export async function streamDownload(
  req: Request,
  res: Response,
  file: { fileName: string; contentType: string; contentEncoding?: 'gzip' | null },
  fetchPiece: (offset: number) => Promise<DownloadPiece>,
): Promise<void> {
  let piece = await fetchPiece(0);
  const gzip = file.contentEncoding === 'gzip';
  const decode = gzip && !req.acceptsEncodings('gzip');
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('Cache-Control', 'no-store');
  if (gzip) res.setHeader('Vary', 'Accept-Encoding');
  if (gzip && !decode) res.setHeader('Content-Encoding', 'gzip');
  if (!decode) res.setHeader('Content-Length', String(piece.total));
  const gunzip = decode ? createGunzip() : null;
  const sink: Writable = gunzip ?? res;
  const delivered = gunzip ? pipeline(gunzip, res) : Promise.resolve();
  let offset = 0;
  for (;;) {
    offset += piece.bytes.length;
    if (piece.bytes.length > 0 && !sink.write(piece.bytes)) await drained(sink, res);
    if (res.destroyed) return;
    if (piece.done || offset >= piece.total) break;
    if (piece.bytes.length === 0) throw new Error(`download stalled at byte ${offset} of ${piece.total}`);
    piece = await fetchPiece(offset);
  }
  sink.end();
  await delivered;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Resolves when the sink can take more, or when the client went away (never hangs). */
function drained(sink: Writable, res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      sink.off('drain', done);
      res.off('close', done);
      resolve();
    };
    sink.on('drain', done);
    res.on('close', done);
  });
}
