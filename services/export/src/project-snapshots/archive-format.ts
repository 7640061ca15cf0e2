import { z } from 'zod';
import { SkippedSnapshotPart, SnapshotCollectionName } from '@refinery/contracts';

/**
 * The project-snapshot archive (see the README's "Project snapshots"): a zip whose first entry
 * is `header.json`, then one JSONL file per collection of each part (`<part>/<collection>.jsonl`,
 * parts in the declared order), and last `manifest.json` with every file's line count, size and
 * SHA-256 — checked on import, so a damaged unencrypted archive is caught too.
 */
export const ARCHIVE_FORMAT = 'refinery-project-snapshot';
export const ARCHIVE_VERSION = 1;
export const HEADER_FILE = 'header.json';
export const MANIFEST_FILE = 'manifest.json';

export const ArchiveHeader = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  source: z.object({ projectId: z.string(), name: z.string().min(1).max(200) }),
  includeVectors: z.boolean(),
});
export type ArchiveHeader = z.infer<typeof ArchiveHeader>;

export const ArchiveFileEntry = z.object({
  collection: SnapshotCollectionName,
  file: z.string(),
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ArchiveFileEntry = z.infer<typeof ArchiveFileEntry>;

export const ArchiveManifest = ArchiveHeader.extend({
  parts: z.array(z.object({ name: z.string(), files: z.array(ArchiveFileEntry) })),
  skippedParts: z.array(SkippedSnapshotPart),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifest>;

/** `records/records.jsonl` → `{part: 'records', collection: 'records'}`; null for other names. */
export function partFile(name: string): { part: string; collection: string } | null {
  const m = /^([a-z][a-z0-9-]{0,63})\/([a-z][a-z0-9-]{0,63})\.jsonl$/.exec(name);
  return m ? { part: m[1] as string, collection: m[2] as string } : null;
}
