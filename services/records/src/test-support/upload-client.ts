import { UploadSubjects, type Upload, type UploadFormat, type UploadOptions } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import type { RecordsHarness } from './records-harness.js';

/** Sends `bytes` in chunks of `chunkBytes`, commits, and waits for the import job's outcome. */
export async function upload(
  h: RecordsHarness,
  projectId: string,
  format: UploadFormat,
  content: string | Uint8Array,
  options: Partial<UploadOptions> = {},
  chunkBytes = 64,
): Promise<Upload> {
  const { uploadId } = await h.call(UploadSubjects.start, { format, options: { lenient: false, ...options } }, projectId);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  for (let seq = 0; seq * chunkBytes < bytes.length; seq++) {
    const data = bytes.subarray(seq * chunkBytes, (seq + 1) * chunkBytes).toString('base64');
    await h.call(UploadSubjects.chunk, { uploadId, seq, data }, projectId);
  }
  if ((await h.call(UploadSubjects.commit, { uploadId }, projectId)).state !== 'QUEUED') throw new Error(`upload ${uploadId} was not queued`);
  return expectEventually(
    async () => {
      const u = await h.call(UploadSubjects.get, { uploadId }, projectId);
      if (u.state !== 'COMPLETED' && u.state !== 'FAILED') throw new Error(`still ${u.state}`);
      return u;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}
