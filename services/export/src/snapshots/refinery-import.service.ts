import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  ExportSnapshotEvents,
  HeuristicsSnapshotSubjects,
  ProjectSubjects,
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
import { importEmbeddings } from './embeddings-import.js';
import { embeddingsImportPlan } from './embeddings-import-plan.js';
import { heuristicsImportPlan, withFreshHeuristicIds } from './heuristics-import-plan.js';
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
 * (records.snapshot-import.*): records travel with their labels. After the commit, the heuristics
 * service gets the lookup lists and heuristic code (heuristics.snapshot-import.apply.v1). Any
 * failure after `begin` removes the project again.
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
    const snapshot = withFreshHeuristicIds(parse(await readSample(refinerySamplesDir(this.config), input.sampleId), input.sampleId), randomUUID);
    const meta = { actor: input.actor };
    const begun = await this.bus.request(SnapshotImportSubjects.begin, beginRequest(snapshot, input.name), meta);
    const projectId = begun.projectId;
    const inProject = { actor: input.actor, projectId };
    let committed = false;
    try {
      await progress({ projectId, phase: 'project', done: 1, total: 1 });
      const planned = associationItems(snapshot, begun);
      const rows = recordRows(snapshot, planned.byRecord);
      let offset = 0;
      const recordIds: string[] = [];
      for (const page of bytePages(rows, RECORDS_PER_PAGE, PAGE_BYTES)) {
        recordIds.push(...(await this.bus.request(SnapshotImportSubjects.recordsPage, { generation: begun.generation, offset, records: page }, inProject)).recordIds);
        offset += page.length;
        await progress({ projectId, phase: 'records', done: offset, total: rows.length });
      }
      await progress({ projectId, phase: 'committing', done: 0, total: 1 });
      const stored = await this.bus.request(SnapshotImportSubjects.commit, { generation: begun.generation, sources: begun.sources }, inProject);
      committed = true;
      // The heuristics service checks the project and its tasks with records: only after the commit.
      const heuristics = await this.importHeuristics(snapshot, begun, inProject);
      const embeddings = await importEmbeddings(this.bus, this.logger, embeddingsImportPlan(snapshot, recordIds, PAGE_BYTES), inProject);
      await progress({ projectId, phase: 'done', done: 1, total: 1 });
      const counts: RefineryImportCounts = {
        attributes: snapshot.attributes.length,
        records: stored.records,
        tasks: begun.tasks.length,
        labels: begun.tasks.reduce((n, t) => n + t.labels.length, 0),
        manualLabels: planned.counts.manualLabels,
        manualSpans: planned.counts.manualSpans,
        heuristicOutputs: stored.heuristic,
        weakSupervisionLabels: stored.weakSupervision,
        skippedAssociations: planned.counts.skipped,
      };
      const durationMs = Math.round(performance.now() - t0);
      this.logger.info({ sampleId: input.sampleId, projectId, counts, heuristics, embeddings, durationMs }, 'refinery snapshot imported');
      return { projectId, counts, durationMs };
    } catch (error) {
      // Before the commit records drops what it holds; after it, the project is visible and is deleted (every service purges its part).
      const undo = committed ? this.bus.request(ProjectSubjects.delete, {}, inProject) : this.bus.request(SnapshotImportSubjects.abort, {}, inProject);
      await undo.catch((undoError: unknown) => {
        this.logger.error({ projectId, err: String(undoError) }, 'undoing a failed snapshot import failed; the project stays');
      });
      throw error;
    }
  }

  /** Lookup lists, then heuristics (with the ids records stored their outputs under), in bounded requests. */
  private async importHeuristics(
    snapshot: RefinerySnapshot,
    begun: Parameters<typeof heuristicsImportPlan>[1],
    inProject: { actor: Actor; projectId: string },
  ): Promise<{ heuristics: number; readOnly: number; lookupLists: number; terms: number; skipped: number }> {
    const plan = heuristicsImportPlan(snapshot, begun, PAGE_BYTES);
    for (const reason of plan.skipped) this.logger.warn({ projectId: inProject.projectId, reason }, 'not imported');
    const total = { heuristics: 0, readOnly: 0, lookupLists: new Set(snapshot.lookupLists.map((l) => l.name)).size, terms: 0, skipped: plan.skipped.length };
    for (const request of plan.requests) {
      const reply = await this.bus.request(HeuristicsSnapshotSubjects.apply, request, inProject);
      total.heuristics += reply.heuristics;
      total.readOnly += reply.readOnly.length;
      total.terms += reply.terms;
    }
    return total;
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
