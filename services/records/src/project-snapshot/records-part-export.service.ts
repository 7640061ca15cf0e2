import { Inject, Injectable } from '@nestjs/common';
import { SNAPSHOT_PAGE_BYTES, type SnapshotPartExportPage } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { ProjectRepository } from '../projects/project.repository.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { SliceRepository } from '../slices/slice.repository.js';
import type { ProjectState, StoredAssociation } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import { LabelRepository } from '../tasks/label.repository.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { SnapshotCommentsRepository } from './snapshot-comments.repository.js';
import { decodeCursor, encodeCursor, takeBounded, type ExportCursor } from './export-cursor.js';
import { recordsPartCollections, type AssociationLine, type RecordLine, type RecordsPartCollection } from './records-part-lines.js';

const RECORDS_PER_PAGE = 1_000;
const LINES_PER_PAGE = 2_000;
/** Static-slice members per line. */
const MEMBERS_PER_LINE = 2_000;
const jsonSize = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/**
 * The records part of a project snapshot, page by page: the schema, tasks and labels, the
 * committed records with every association they carry (from the project's in-memory state),
 * slices and comments. Labeling sessions are per-user working state and are not exported.
 */
@Injectable()
export class RecordsPartExportService {
  constructor(
    @Inject(ProjectRepository) private readonly projects: ProjectRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(LabelRepository) private readonly labels: LabelRepository,
    @Inject(SliceRepository) private readonly slices: SliceRepository,
    @Inject(SnapshotCommentsRepository) private readonly comments: SnapshotCommentsRepository,
    @Inject(ProjectStore) private readonly store: ProjectStore,
  ) {}

  async page(scope: ProjectScope, cursorText: string | null): Promise<SnapshotPartExportPage> {
    const state = await this.store.state(scope.projectId);
    const cursor = decodeCursor(cursorText, state.recordsGeneration);
    if (cursor.g !== state.recordsGeneration) {
      throw new AppError('CONFLICT', `the records of project ${scope.projectId} were replaced during the export (generation ${cursor.g} → ${state.recordsGeneration}); export again`);
    }
    const collection = recordsPartCollections[cursor.c];
    if (!collection) throw new AppError('VALIDATION_FAILED', 'payload.cursor: past the last collection');
    const { lines, next } = await this.read(scope, state, collection, cursor.o);
    const following: ExportCursor | null = next !== null ? { ...cursor, o: next } : cursor.c + 1 < recordsPartCollections.length ? { c: cursor.c + 1, o: -1, g: cursor.g } : null;
    return { collection, lines, cursor: following ? encodeCursor(following) : null };
  }

  /** One page of a collection from position `after` (-1: the start); `next` null when it is complete. */
  private async read(scope: ProjectScope, state: ProjectState, collection: RecordsPartCollection, after: number): Promise<{ lines: unknown[]; next: number | null }> {
    const { projectId } = scope;
    switch (collection) {
      case 'project': {
        const p = await this.projects.findAnyById(projectId);
        if (!p) throw new AppError('NOT_FOUND', `project ${projectId} not found`);
        return { lines: [{ name: p.name, description: p.description, createdAt: p.createdAt.toISOString() }], next: null };
      }
      case 'attributes':
        return whole(
          (await this.attributes.list(projectId)).map((a) => ({ id: a._id, name: a.name, dataType: a.dataType, position: a.position, isPrimaryKey: a.isPrimaryKey, visible: a.visible, origin: a.origin ?? 'UPLOADED' })),
          after,
        );
      case 'tasks':
        return whole((await this.tasks.list(projectId)).map((t) => ({ id: t._id, name: t.name, kind: t.kind, attributeId: t.attributeId, createdAt: t.createdAt.toISOString() })), after);
      case 'labels':
        return whole((await this.labels.listOfProject(projectId)).map((l) => ({ id: l._id, taskId: l.taskId, name: l.name, color: l.color, hotkey: l.hotkey, position: l.position })), after);
      case 'records':
        return this.records(state, after);
      case 'slices':
        return whole(
          (await this.slices.list(projectId)).map((s) => ({ id: s._id, name: s.name, kind: s.kind, query: s.query, createdBy: s.createdBy, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() })),
          after,
        );
      case 'slice-members': {
        const members = (await this.slices.list(projectId)).flatMap((s) => chunk(s.recordIds, MEMBERS_PER_LINE).map((recordIds) => ({ sliceId: s._id, recordIds })));
        return whole(members, after);
      }
      case 'comments':
        // Every comment, private ones included: a snapshot is the whole project.
        return whole(
          (await this.comments.allOf(projectId)).map((c) => ({
            id: c._id,
            targetType: c.targetType,
            targetId: c.targetId,
            authorId: c.authorId,
            text: c.text,
            visibility: c.visibility,
            createdAt: c.createdAt.toISOString(),
            updatedAt: c.updatedAt.toISOString(),
          })),
          after,
        );
    }
  }

  private records(state: ProjectState, afterSeq: number): { lines: RecordLine[]; next: number | null } {
    const page = state.page(afterSeq, RECORDS_PER_PAGE).map(
      (r): RecordLine => ({ id: r.recordId, seq: r.seq, key: r.key, data: r.data, labels: state.associationsOf(r.recordId).map(associationLine) }),
    );
    const lines = takeBounded(page, 0, RECORDS_PER_PAGE, SNAPSHOT_PAGE_BYTES, jsonSize);
    const last = lines[lines.length - 1];
    return { lines, next: last && last.seq < state.maxSeq() ? last.seq : null };
  }
}

function associationLine(a: StoredAssociation): AssociationLine {
  return {
    id: a._id,
    taskId: a.taskId,
    labelId: a.labelId,
    source: a.source,
    userId: a.userId,
    sourceId: a.sourceId,
    confidence: a.confidence,
    start: a.start,
    end: a.end,
    text: a.text,
    createdAt: a.createdAt.toISOString(),
  };
}

/** A small collection read whole, served from offset `after + 1` in bounded pages. */
function whole(items: readonly unknown[], after: number): { lines: unknown[]; next: number | null } {
  const from = after + 1;
  const lines = takeBounded(items, from, LINES_PER_PAGE, SNAPSHOT_PAGE_BYTES, jsonSize);
  const end = from + lines.length;
  return { lines, next: end < items.length ? end - 1 : null };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
