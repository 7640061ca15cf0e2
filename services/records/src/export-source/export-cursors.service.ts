import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ExportSourceOpened, ExportSourceRow, ExportSourceTask, RecordExportRows, RecordExportTask } from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import { LOGGER } from '@refinery/server-kit';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { BrowserService } from '../browser/browser.service.js';
import { RecordReader } from '../records/record-reader.service.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { invalid, notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { StoredRecord } from '../store/project-state.js';
import { TaskCatalog } from '../tasks/task-catalog.service.js';
import { FrozenExport } from './frozen-export.js';

/** A cursor nobody asked for a page this long is dropped (the export job asks every few ms). */
export const CURSOR_IDLE_MS = 10 * 60_000;
/** Open cursors per process; the least recently used goes first beyond this. */
const MAX_CURSORS = 16;
/** Rows per page reply stop at about this much JSON (NATS messages are ≤ 1 MiB). */
const PAGE_BYTES = 600_000;

interface OpenCursor {
  projectId: string;
  frozen: FrozenExport;
  lastUsed: number;
}

export interface OpenRequest {
  rows: RecordExportRows;
  attributes: readonly string[] | null;
  tasks: readonly RecordExportTask[] | null;
}

/**
 * Export cursors of this process: `open` freezes the rows of an export (see FrozenExport) and
 * `page` serves them by offset. A cursor lives in the replica that opened it (its memory holds
 * the frozen references); see README "Record exports".
 */
@Injectable()
export class ExportCursors implements OnModuleDestroy {
  private readonly cursors = new Map<string, OpenCursor>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(TaskCatalog) private readonly catalog: TaskCatalog,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(BrowserService) private readonly browser: BrowserService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.cursors.clear();
  }

  async open(scope: ProjectScope, req: OpenRequest): Promise<ExportSourceOpened> {
    const [attributes, tasks] = await Promise.all([this.attributes.list(scope.projectId), this.catalog.all(scope.projectId)]);
    const byName = new Map(attributes.map((a) => [a.name, a]));
    const chosenAttributes = req.attributes
      ? req.attributes.map((name, i) => {
          const a = byName.get(name);
          if (!a) throw invalid(`attributes.${i}`, `the project has no attribute "${name}" (it has ${attributes.map((x) => `"${x.name}"`).join(', ') || 'none'})`);
          return a;
        })
      : attributes;
    const attributeNames = new Map(attributes.map((a) => [a._id, a.name]));
    const taskById = new Map(tasks.map((t) => [t.id, t]));
    const wanted = req.tasks ?? tasks.map((t) => ({ taskId: t.id, heuristicIds: [] }));
    const chosenTasks: ExportSourceTask[] = wanted.map((w, i) => {
      const t = taskById.get(w.taskId);
      if (!t) throw invalid(`tasks.${i}.taskId`, `the project has no labeling task ${w.taskId}`);
      return {
        id: t.id,
        name: t.name,
        kind: t.kind,
        attributeName: t.attributeId === null ? null : (attributeNames.get(t.attributeId) ?? null),
        heuristicIds: [...w.heuristicIds],
        labels: t.labels.map((l) => l.name),
      };
    });
    const labelIndex = new Map(wanted.map((w) => [w.taskId, new Map((taskById.get(w.taskId)?.labels ?? []).map((l, i) => [l.id, i]))]));
    const tokenAttributes = [...new Set(chosenTasks.flatMap((t) => (t.kind === 'EXTRACTION' && t.attributeName !== null ? [t.attributeName] : [])))];
    const rowIds = await this.rowIds(scope, req.rows);
    // From here on nothing awaits: the rows and labels are taken from one state at one moment.
    const state = await this.records.state(scope.projectId);
    const rows: StoredRecord[] = rowIds === null ? [...state.ordered()] : rowIds.flatMap((id) => state.records.get(id) ?? []);
    const frozen = FrozenExport.freeze(state, rows, { attributes: chosenAttributes.map((a) => a.name), tasks: chosenTasks, tokenAttributes, labelIndex });
    const cursorId = randomUUID();
    this.sweep();
    this.cursors.set(cursorId, { projectId: scope.projectId, frozen, lastUsed: Date.now() });
    this.logger.info({ projectId: scope.projectId, cursorId, rows: frozen.total, tasks: chosenTasks.length }, 'export cursor opened');
    return {
      cursorId,
      total: frozen.total,
      idleTimeoutMs: CURSOR_IDLE_MS,
      openedAt: new Date().toISOString(),
      attributes: chosenAttributes.map((a) => ({ name: a.name, dataType: a.dataType })),
      tasks: chosenTasks,
      tokenAttributes,
    };
  }

  page(scope: ProjectScope, cursorId: string, offset: number, limit: number): { rows: ExportSourceRow[]; nextOffset: number | null } {
    const cursor = this.require(scope, cursorId);
    cursor.lastUsed = Date.now();
    if (offset > cursor.frozen.total) throw invalid('offset', `offset ${offset} is past the end of the export (${cursor.frozen.total} rows)`);
    const page = cursor.frozen.page(offset, limit, PAGE_BYTES);
    if (page.oversized !== null) {
      throw new AppError('LIMIT_EXCEEDED', `record "${page.oversized}" is larger than ${PAGE_BYTES} bytes of JSON and cannot be exported in one message`);
    }
    return { rows: page.rows, nextOffset: page.nextOffset };
  }

  close(scope: ProjectScope, cursorId: string): boolean {
    const cursor = this.cursors.get(cursorId);
    if (!cursor || cursor.projectId !== scope.projectId) return false;
    this.cursors.delete(cursorId);
    return true;
  }

  private require(scope: ProjectScope, cursorId: string): OpenCursor {
    const cursor = this.cursors.get(cursorId);
    if (!cursor || cursor.projectId !== scope.projectId || Date.now() - cursor.lastUsed > CURSOR_IDLE_MS) {
      throw notFound('export cursor', `${cursorId} (expired after ${CURSOR_IDLE_MS / 60_000} idle minutes, closed, or opened by another replica)`);
    }
    return cursor;
  }

  /** Record ids in row order; null = every record in the default order. */
  private async rowIds(scope: ProjectScope, rows: RecordExportRows): Promise<string[] | null> {
    switch (rows.kind) {
      case 'ALL':
        return null;
      case 'SESSION': {
        const session = await this.sessions.findInProject(scope.projectId, rows.sessionId);
        if (!session) throw notFound('labeling session', rows.sessionId);
        return session.recordIds;
      }
      case 'SLICE': {
        const size = await this.records.count(scope.projectId);
        return (await this.browser.orderedIds(scope, {}, rows.sliceId, size)).ids;
      }
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, c] of this.cursors) if (now - c.lastUsed > CURSOR_IDLE_MS) this.cursors.delete(id);
    while (this.cursors.size >= MAX_CURSORS) {
      const oldest = [...this.cursors.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!oldest) break;
      this.logger.warn({ cursorId: oldest[0] }, 'export cursor dropped: too many open cursors');
      this.cursors.delete(oldest[0]);
    }
  }
}
