import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_SNAPSHOT_PAGE_LINES,
  ProjectSnapshotEvents,
  SNAPSHOT_PAGE_BYTES,
  type Actor,
  type ProjectSnapshotImportResult,
  type ProjectSnapshotProgress,
  type SkippedSnapshotPart,
  type SnapshotCounts,
} from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { LOGGER, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { ArchiveHeader, ArchiveManifest, ARCHIVE_FORMAT, ARCHIVE_VERSION, HEADER_FILE, MANIFEST_FILE, partFile } from './archive-format.js';
import { readArchive, type ArchiveEvent } from './archive-reader.js';
import { ArchiveStore, type ArchiveHold } from './archive-store.js';
import { isNoResponders, partError } from './part-calls.js';
import { SNAPSHOT_PARTS, type SnapshotPart } from './snapshot-parts.js';

export interface ImportInput {
  jobId: string;
  archiveId: string;
  actor: Actor;
  name?: string | undefined;
  password?: string | undefined;
  onProgress?: (p: ProjectSnapshotProgress) => Promise<void>;
}

/** A line as it travels to its part: parsed JSON, with its place in the file. */
interface PendingLine {
  value: unknown;
  size: number;
}

const bad = (message: string) => new AppError('VALIDATION_FAILED', message);

/**
 * Imports an archive as a new project: reads it as a stream (header first, then each part's
 * files in order, the manifest last), hands each part its lines in bounded pages through
 * `<owner>.project-snapshot.import.v1`, and commits every part only once the manifest confirmed
 * every file (line count, size, SHA-256). Any failure aborts every begun part, newest first, so
 * nothing of the import stays. Ids are remapped by each part with the import's random salt.
 */
@Injectable()
export class ProjectSnapshotImportService {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(input: ImportInput): Promise<Omit<ProjectSnapshotImportResult, 'jobId'>> {
    const t0 = performance.now();
    const importId = randomUUID();
    const salt = randomBytes(16).toString('hex');
    let projectId: string | null = null;
    const progress = async (p: Omit<ProjectSnapshotProgress, 'jobId' | 'direction' | 'projectId'>) => {
      const event: ProjectSnapshotProgress = { jobId: input.jobId, direction: 'import', projectId, ...p };
      this.bus.publish(ProjectSnapshotEvents.progress, event, { actor: input.actor, ...(projectId ? { projectId } : {}) });
      await input.onProgress?.(event);
    };
    const begun: SnapshotPart[] = [];
    const skippedParts: SkippedSnapshotPart[] = [];
    const counts: SnapshotCounts = {};
    const seenFiles = new Map<string, { lines: number; bytes: number; sha256: string }>();
    // Leased while read: the expiry sweep leaves an archive alone that an import is reading.
    let hold: ArchiveHold | null = null;
    try {
      await progress({ part: null, collection: null, lines: 0, phase: 'started' });
      hold = await this.archives.hold(input.actor, input.archiveId);
      const events = readArchive(hold.bytes, input.password);
      let header: ArchiveHeader | null = null;
      let manifest: ArchiveManifest | null = null;
      let partIndex = -1;
      let part: SnapshotPart | null = null;
      let skipping = false;
      let file: { name: string; collection: string; pending: PendingLine[]; bytes: number; firstLine: number } | null = null;
      let jsonText: string[] = [];
      const inProject = () => ({ actor: input.actor, ...(projectId ? { projectId } : {}) });

      const send = async () => {
        if (!file || !file.pending.length || !part || skipping) return;
        const lines = file.pending.map((l) => l.value);
        try {
          await this.bus.request(part.subjects.import, { step: 'page', importId, salt, collection: file.collection, line: file.firstLine, lines }, inProject());
        } catch (error) {
          throw partError(error, `part "${part.name}" (${file.name})`);
        }
        file.firstLine += lines.length;
        file.pending = [];
        file.bytes = 2;
      };

      for await (const event of events as AsyncGenerator<ArchiveEvent>) {
        if (event.kind === 'file') {
          if (!header && event.name !== HEADER_FILE) throw bad(`the archive is not a project snapshot: its first file is ${event.name}, not ${HEADER_FILE}`);
          if (manifest) throw bad(`the archive has ${event.name} after ${MANIFEST_FILE}`);
          if (event.name === HEADER_FILE || event.name === MANIFEST_FILE) {
            jsonText = [];
            continue;
          }
          const where = partFile(event.name);
          if (!where) throw bad(`the archive holds an unexpected file ${event.name}`);
          if (!part || where.part !== part.name) {
            const next = SNAPSHOT_PARTS.findIndex((p) => p.name === where.part);
            if (next < 0) throw bad(`${event.name}: the archive has a part "${where.part}" this version does not know (${SNAPSHOT_PARTS.map((p) => p.name).join(', ')})`);
            if (next <= partIndex) throw bad(`${event.name}: part "${where.part}" comes after part "${part?.name}" (files of a part must be together, parts in order)`);
            if (partIndex < 0 && next !== 0) throw bad(`${event.name}: the first part must be "${SNAPSHOT_PARTS[0]?.name}" (it creates the project)`);
            if (part && !skipping) await progress({ part: part.name, collection: null, lines: 0, phase: 'part' });
            partIndex = next;
            part = SNAPSHOT_PARTS[next] as SnapshotPart;
            skipping = !(await this.begin(part, header as ArchiveHeader, importId, salt, input, () => projectId, (id) => (projectId = id)));
            if (skipping) skippedParts.push({ part: part.name, reason: `no service answers ${part.subjects.import.subject}` });
            else begun.push(part);
          }
          file = { name: event.name, collection: where.collection, pending: [], bytes: 2, firstLine: 1 };
          continue;
        }
        if (event.kind === 'line') {
          if (event.name === HEADER_FILE || event.name === MANIFEST_FILE) {
            jsonText.push(event.text);
            continue;
          }
          if (!file || skipping) continue;
          if (event.text.trim() === '') throw bad(`${event.name} line ${event.line}: empty line`);
          let value: unknown;
          try {
            value = JSON.parse(event.text);
          } catch (error) {
            throw bad(`${event.name} line ${event.line}: not JSON (${error instanceof Error ? error.message : String(error)})`);
          }
          const size = event.text.length + 1;
          if (file.pending.length >= MAX_SNAPSHOT_PAGE_LINES || (file.pending.length > 0 && file.bytes + size > SNAPSHOT_PAGE_BYTES)) await send();
          file.pending.push({ value, size });
          file.bytes += size;
          continue;
        }
        // end of a file
        if (event.name === HEADER_FILE) {
          header = parseJson(ArchiveHeader, HEADER_FILE, jsonText);
          if (header.version > ARCHIVE_VERSION) throw bad(`${HEADER_FILE}: the archive has format version ${header.version}; this version reads up to ${ARCHIVE_VERSION}`);
          continue;
        }
        if (event.name === MANIFEST_FILE) {
          manifest = parseJson(ArchiveManifest, MANIFEST_FILE, jsonText);
          continue;
        }
        await send();
        seenFiles.set(event.name, { lines: event.lines, bytes: event.bytes, sha256: event.sha256 });
        if (part && !skipping) {
          const c = (counts[part.name] ??= {});
          c[file?.collection ?? event.name] = event.lines;
          await progress({ part: part.name, collection: file?.collection ?? null, lines: event.lines, phase: 'part' });
        }
        file = null;
      }
      if (!header) throw bad(`the archive is not a project snapshot: no ${HEADER_FILE}`);
      if (!manifest) throw bad(`the archive is incomplete: no ${MANIFEST_FILE} at its end (cut off?)`);
      checkManifest(manifest, seenFiles);
      if (!begun.length) throw bad('the archive holds no part to import');
      await progress({ part: null, collection: null, lines: 0, phase: 'committing' });
      for (const p of begun) {
        try {
          await this.bus.request(p.subjects.import, { step: 'commit', importId, salt }, inProject());
        } catch (error) {
          throw partError(error, `part "${p.name}" (commit)`);
        }
      }
      await this.archives.markImported(input.archiveId);
      await progress({ part: null, collection: null, lines: 0, phase: 'done' });
      const durationMs = Math.round(performance.now() - t0);
      this.logger.info({ archiveId: input.archiveId, projectId, counts, skippedParts, durationMs }, 'project snapshot imported');
      return { projectId: projectId as unknown as string, idSalt: salt, counts, skippedParts, durationMs };
    } catch (error) {
      await this.undo(begun, importId, input.actor, projectId);
      throw error;
    } finally {
      hold?.release();
    }
  }

  /** `begin` of a part; false when an optional part's service does not answer. */
  private async begin(part: SnapshotPart, header: ArchiveHeader, importId: string, salt: string, input: ImportInput, current: () => string | null, setProject: (id: string) => void): Promise<boolean> {
    if (!header) throw bad(`the archive is not a project snapshot: no ${HEADER_FILE} before the parts`);
    const projectId = current();
    try {
      const reply = await this.bus.request(
        part.subjects.import,
        { step: 'begin', importId, salt, projectName: input.name ?? header.source.name, formatVersion: header.version },
        { actor: input.actor, ...(projectId ? { projectId } : {}) },
      );
      if (!projectId) {
        if (!reply.projectId) throw new Error(`part "${part.name}" began without creating the project`);
        setProject(reply.projectId);
      }
      return true;
    } catch (error) {
      if (part.optional && isNoResponders(error)) return false;
      throw partError(error, `part "${part.name}"`);
    }
  }

  /** Aborts the begun parts, newest first (the records part, which holds the project, last). */
  private async undo(begun: readonly SnapshotPart[], importId: string, actor: Actor, projectId: string | null): Promise<void> {
    if (!projectId) return;
    for (const p of [...begun].reverse()) {
      try {
        await this.bus.request(p.subjects.import, { step: 'abort', importId }, { actor, projectId });
      } catch (error) {
        this.logger.error({ projectId, part: p.name, err: String((error as Error).message ?? error) }, 'undoing a failed project-snapshot import failed; part of it stays');
      }
    }
  }
}

function parseJson<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, file: string, lines: string[]): T {
  let value: unknown;
  try {
    value = JSON.parse(lines.join('\n'));
  } catch (error) {
    throw bad(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${file}: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  if ((parsed.data as { format?: unknown }).format !== ARCHIVE_FORMAT) throw bad(`${file}: not a ${ARCHIVE_FORMAT}`);
  return parsed.data;
}

/** Every file the manifest lists was read whole and unchanged, and no other. */
function checkManifest(manifest: ArchiveManifest, seen: ReadonlyMap<string, { lines: number; bytes: number; sha256: string }>): void {
  const listed = new Set<string>();
  for (const part of manifest.parts) {
    for (const f of part.files) {
      listed.add(f.file);
      const got = seen.get(f.file);
      if (!got) throw bad(`${MANIFEST_FILE}: ${f.file} is missing from the archive`);
      if (got.lines !== f.lines) throw bad(`${f.file}: ${got.lines} lines, the manifest says ${f.lines}`);
      if (got.bytes !== f.bytes || got.sha256 !== f.sha256) throw bad(`${f.file}: its content differs from the manifest's checksum (changed or damaged)`);
    }
  }
  for (const name of seen.keys()) if (!listed.has(name)) throw bad(`${name} is not in ${MANIFEST_FILE}`);
}
