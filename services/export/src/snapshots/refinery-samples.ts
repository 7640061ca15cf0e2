import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RefinerySampleId } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';

/** `clickbait-initial` → `<dir>/clickbait_initial.zip`. */
export function samplePath(dir: string, sampleId: RefinerySampleId): string {
  return join(dir, `${sampleId.replaceAll('-', '_')}.zip`);
}

/** The sample's bytes; NOT_FOUND names the path when the file is missing. */
export async function readSample(dir: string, sampleId: RefinerySampleId): Promise<Uint8Array> {
  const path = samplePath(dir, sampleId);
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new AppError('NOT_FOUND', `refinery sample "${sampleId}" not found: no file ${path} (set REFINERY_SAMPLES_DIR)`);
    }
    throw error;
  }
}
