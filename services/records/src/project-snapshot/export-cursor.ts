import { AppError } from '@refinery/server-core';

/**
 * Where a records-part export stands: collection index `c`, position `o` within it (an offset,
 * or the last record's seq), and `g`, the records generation the export started on — a later
 * upload or import of records in between makes the export fail instead of mixing generations.
 */
export interface ExportCursor {
  c: number;
  o: number;
  g: number;
}

export function encodeCursor(cursor: ExportCursor): string {
  return JSON.stringify(cursor);
}

export function decodeCursor(text: string | null, generation: number): ExportCursor {
  if (text === null) return { c: 0, o: -1, g: generation };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'payload.cursor: not a cursor of this export');
  }
  const c = parsed as Partial<ExportCursor>;
  if (typeof c.c !== 'number' || typeof c.o !== 'number' || typeof c.g !== 'number') {
    throw new AppError('VALIDATION_FAILED', 'payload.cursor: not a cursor of this export');
  }
  return { c: c.c, o: c.o, g: c.g };
}

/** Takes items until `maxItems` or about `maxBytes` of JSON (at least one). */
export function takeBounded<T>(items: readonly T[], from: number, maxItems: number, maxBytes: number, size: (item: T) => number): T[] {
  const out: T[] = [];
  let bytes = 2;
  for (let i = from; i < items.length && out.length < maxItems; i++) {
    const item = items[i] as T;
    const n = size(item) + 1;
    if (out.length > 0 && bytes + n > maxBytes) break;
    out.push(item);
    bytes += n;
  }
  return out;
}
