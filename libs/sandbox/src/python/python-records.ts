import { tokenize } from '@refinery/tokenize';
import type { PythonRunRequest, SandboxRecord, TokenOffsets } from '../sandbox-types.js';

/** Text attributes of a run: as requested, else every attribute holding a string in the first record. */
export function textAttributesOf(request: PythonRunRequest): string[] {
  const attrs = new Set(request.textAttributes ?? Object.entries(request.records[0]?.data ?? {}).filter(([, v]) => typeof v === 'string').map(([k]) => k));
  if (request.kind === 'extraction' && request.targetAttribute) attrs.add(request.targetAttribute);
  return [...attrs];
}

function offsetsOf(text: string): number[] {
  const out: number[] = [];
  for (const t of tokenize(text)) out.push(t.start, t.end);
  return out;
}

/**
 * One JSON `[data, tokens]` per record, the tokens of every text attribute as flat offsets —
 * the caller's when given, else from `@refinery/tokenize` (spaCy-compatible, as refinery).
 */
export function encodeRecords(records: readonly SandboxRecord[], textAttributes: readonly string[]): string[] {
  return records.map((record) => {
    const tokens: Record<string, TokenOffsets> = {};
    for (const attr of textAttributes) {
      const text = record.data[attr];
      if (typeof text !== 'string') continue;
      tokens[attr] = record.tokens?.[attr] ?? offsetsOf(text);
    }
    return JSON.stringify([record.data, tokens]);
  });
}
