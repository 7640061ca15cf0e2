import { Inject, Injectable } from '@nestjs/common';
import {
  ProjectSnapshotEvents,
  ProjectSubjects,
  type Actor,
  type ProjectSnapshotExportResult,
  type ProjectSnapshotProgress,
  type SkippedSnapshotPart,
  type SnapshotCounts,
} from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, HEADER_FILE, MANIFEST_FILE, type ArchiveHeader, type ArchiveManifest } from './archive-format.js';
import { ArchiveStore } from './archive-store.js';
import { ArchiveWriter } from './archive-writer.js';
import { isNoResponders, partError } from './part-calls.js';
import { SNAPSHOT_PARTS, type SnapshotPart } from './snapshot-parts.js';

export interface ExportInput {
  jobId: string;
  projectId: string;
  actor: Actor;
  includeVectors: boolean;
  password?: string | undefined;
  onProgress?: (p: ProjectSnapshotProgress) => Promise<void>;
}

/**
 * Exports a whole project into one archive in GridFS: asks each part's owner for its pages in
 * order and streams them, one JSONL file per collection, into the zip (encrypted when a password
 * is given). Memory: one page (≤ ~450 KB of JSON) and the compressor's window — never the project.
 * A failure removes the partial archive.
 */
@Injectable()
export class ProjectSnapshotExportService {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(input: ExportInput): Promise<Omit<ProjectSnapshotExportResult, 'jobId'>> {
    const t0 = performance.now();
    const meta = { actor: input.actor, projectId: input.projectId };
    const progress = async (p: Omit<ProjectSnapshotProgress, 'jobId' | 'direction' | 'projectId'>) => {
      const event: ProjectSnapshotProgress = { jobId: input.jobId, direction: 'export', projectId: input.projectId, ...p };
      this.bus.publish(ProjectSnapshotEvents.progress, event, meta);
      await input.onProgress?.(event);
    };
    // Also the access check: another organization's project is NOT_FOUND here already.
    const project = await this.bus.request(ProjectSubjects.get, {}, meta);
    await progress({ part: null, collection: null, lines: 0, phase: 'started' });
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      createdAt: new Date().toISOString(),
      source: { projectId: input.projectId, name: project.name },
      includeVectors: input.includeVectors,
    };
    const safeName = project.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'project';
    const target = await this.archives.create(`${safeName}.refinery-snapshot.zip`, {
      orgId: project.orgId,
      createdBy: input.actor.userId,
      encrypted: input.password !== undefined,
      origin: 'export',
      sourceProjectId: input.projectId,
    });
    try {
      const writer = await ArchiveWriter.open(target.sink, input.password);
      await writer.addJson(HEADER_FILE, header);
      const parts: ArchiveManifest['parts'] = [];
      const skippedParts: SkippedSnapshotPart[] = [];
      const counts: SnapshotCounts = {};
      for (const part of SNAPSHOT_PARTS) {
        const files = await this.exportPart(part, writer, input, meta, progress);
        if (files === null) {
          skippedParts.push({ part: part.name, reason: `no service answers ${part.subjects.export.subject}` });
          continue;
        }
        parts.push({ name: part.name, files });
        counts[part.name] = Object.fromEntries(files.map((f) => [f.collection, f.lines]));
      }
      await writer.addJson(MANIFEST_FILE, { ...header, parts, skippedParts } satisfies ArchiveManifest);
      await writer.finish();
      await progress({ part: null, collection: null, lines: 0, phase: 'done' });
      const archive = await this.archives.info(input.actor, target.archiveId);
      const durationMs = Math.round(performance.now() - t0);
      this.logger.info({ projectId: input.projectId, archiveId: archive.archiveId, bytes: archive.bytes, counts, skippedParts, durationMs }, 'project snapshot exported');
      return { archive, counts, skippedParts, durationMs };
    } catch (error) {
      await target.abort();
      throw error;
    }
  }

  /** One part's pages into the archive; null when an optional part's service does not answer. */
  private async exportPart(
    part: SnapshotPart,
    writer: ArchiveWriter,
    input: ExportInput,
    meta: { actor: Actor; projectId: string },
    progress: (p: Omit<ProjectSnapshotProgress, 'jobId' | 'direction' | 'projectId'>) => Promise<void>,
  ): Promise<ArchiveManifest['parts'][number]['files'] | null> {
    let cursor: string | null = null;
    let first = true;
    let openCollection: string | null = null;
    const done = new Set<string>();
    const files: ArchiveManifest['parts'][number]['files'] = [];
    let lines = 0;
    do {
      let page;
      try {
        page = await this.bus.request(part.subjects.export, { cursor, includeVectors: input.includeVectors }, meta);
      } catch (error) {
        if (first && part.optional && isNoResponders(error)) return null;
        throw partError(error, `part "${part.name}"`);
      }
      first = false;
      if (page.collection !== openCollection) {
        if (done.has(page.collection)) throw new Error(`part "${part.name}" sent collection "${page.collection}" again after another one`);
        const closed = await writer.closeFile();
        if (closed) files.push(closed);
        if (openCollection) done.add(openCollection);
        openCollection = page.collection;
        await writer.startFile(`${part.name}/${page.collection}.jsonl`, page.collection);
      }
      await writer.appendLines(page.lines);
      lines += page.lines.length;
      await progress({ part: part.name, collection: page.collection, lines, phase: 'part' });
      cursor = page.cursor;
    } while (cursor !== null);
    const closed = await writer.closeFile();
    if (closed) files.push(closed);
    return files;
  }
}
