import { Inject, Injectable } from '@nestjs/common';
import {
  ExportSnapshotEvents,
  SnapshotImportSubjects,
  type Actor,
  type RefineryImportCounts,
  type RefineryImportProgress,
  type RefinerySampleId,
} from '@refinery/contracts';
import { parseRefinerySnapshot, type RefinerySnapshot } from '@refinery/refinery-snapshot';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { refinerySamplesDir, type ExportConfig } from '../shared/export-config.js';
import { bytePages } from './byte-pages.js';
import { associationItems, beginRequest, recordRows } from './refinery-import-plan.js';
import { readSample } from './refinery-samples.js';

/** NATS messages stay well below the 1 MiB default payload limit. */
const PAGE_BYTES = 450_000;
const RECORDS_PER_PAGE = 1_000;

export interface ImportInput {
  jobId: string;
  sampleId: RefinerySampleId;
  name?: string | undefined;
  actor: Actor;
  onProgress?: (progress: RefineryImportProgress) => Promise<void>;
}

export interface ImportOutput {
  projectId: string;
  counts: RefineryImportCounts;
  durationMs: number;
}

/**
 * Reads, parses and hands a refinery snapshot to the records service page by page
 * (records.snapshot-import.*): records travel with their labels. Any failure after `begin` aborts, which removes the project.
 */
@Injectable()
export class RefineryImportService {
  constructor(
    @Inject(CONFIG) private readonly config: ExportConfig,
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(input: ImportInput): Promise<ImportOutput> {
    const t0 = performance.now();
    const progress = async (p: Omit<RefineryImportProgress, 'jobId'>): Promise<void> => {
      const event = { jobId: input.jobId, ...p };
      this.bus.publish(ExportSnapshotEvents.importProgress, event, { actor: input.actor, projectId: p.projectId });
      await input.onProgress?.(event);
    };
    await progress({ projectId: null, phase: 'parsing', done: 0, total: 0 });
    const snapshot = parse(await readSample(refinerySamplesDir(this.config), input.sampleId), input.sampleId);
    const meta = { actor: input.actor };
    const begun = await this.bus.request(SnapshotImportSubjects.begin, beginRequest(snapshot, input.name), meta);
    const projectId = begun.projectId;
    const inProject = { actor: input.actor, projectId };
    try {
      await progress({ projectId, phase: 'project', done: 1, total: 1 });
      const planned = associationItems(snapshot, begun);
      const rows = recordRows(snapshot, planned.byRecord);
      let offset = 0;
      for (const page of bytePages(rows, RECORDS_PER_PAGE, PAGE_BYTES)) {
        await this.bus.request(SnapshotImportSubjects.recordsPage, { generation: begun.generation, offset, records: page }, inProject);
        offset += page.length;
        await progress({ projectId, phase: 'records', done: offset, total: rows.length });
      }
      await progress({ projectId, phase: 'committing', done: 0, total: 1 });
      const committed = await this.bus.request(SnapshotImportSubjects.commit, { generation: begun.generation, sources: begun.sources }, inProject);
      await progress({ projectId, phase: 'done', done: 1, total: 1 });
      const counts: RefineryImportCounts = {
        attributes: snapshot.attributes.length,
        records: committed.records,
        tasks: begun.tasks.length,
        labels: begun.tasks.reduce((n, t) => n + t.labels.length, 0),
        manualLabels: planned.counts.manualLabels,
        manualSpans: planned.counts.manualSpans,
        heuristicOutputs: committed.heuristic,
        weakSupervisionLabels: committed.weakSupervision,
        skippedAssociations: planned.counts.skipped,
      };
      const durationMs = Math.round(performance.now() - t0);
      this.logger.info({ sampleId: input.sampleId, projectId, counts, durationMs }, 'refinery snapshot imported');
      return { projectId, counts, durationMs };
    } catch (error) {
      await this.bus.request(SnapshotImportSubjects.abort, {}, inProject).catch((abortError: unknown) => {
        this.logger.error({ projectId, err: String(abortError) }, 'aborting a failed snapshot import failed; the project stays');
      });
      throw error;
    }
  }
}

function parse(bytes: Uint8Array, sampleId: string): RefinerySnapshot {
  try {
    return parseRefinerySnapshot(bytes);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new AppError('VALIDATION_FAILED', `refinery sample "${sampleId}" is not a readable snapshot: ${text}`);
  }
}
