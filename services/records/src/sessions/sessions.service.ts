import { Inject, Injectable } from '@nestjs/common';
import { MAX_SESSION_RECORDS, type LabelingSession } from '@refinery/contracts';
import { BrowserService } from '../browser/browser.service.js';
import { RecordReader } from '../records/record-reader.service.js';
import { invalid, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { targetPosition } from './session-navigation.js';
import { SessionRepository } from './session.repository.js';
import type { SessionDoc } from './session.schema.js';

/** Labeling sessions: a fixed, stored sequence of records made by a user (survives restarts), shareable within the project. */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(BrowserService) private readonly browser: BrowserService,
  ) {}

  async create(scope: ProjectScope, input: { recordIds?: readonly string[] | undefined; query?: unknown; sliceId?: string | undefined }): Promise<LabelingSession> {
    const { recordIds } = input;
    let ids: string[];
    if (input.query !== undefined || input.sliceId) {
      ids = (await this.browser.orderedIds(scope, input.query ?? {}, input.sliceId, MAX_SESSION_RECORDS)).ids;
    } else if (recordIds) {
      ids = [...new Set(recordIds)];
      const existing = await this.records.existingIds(scope.projectId, ids);
      const unknown = recordIds.findIndex((id) => !existing.has(id));
      if (unknown >= 0) throw invalid(`recordIds.${unknown}`, `record ${recordIds[unknown]} does not exist`);
    } else {
      ids = await this.records.idsInOrder(scope.projectId, MAX_SESSION_RECORDS);
    }
    const doc = await this.sessions.insert(scope.projectId, {
      _id: newId(),
      userId: scope.actor.userId,
      recordIds: ids,
      position: 0,
      createdAt: new Date(),
    });
    return toSession(doc);
  }

  async get(scope: ProjectScope, sessionId: string): Promise<LabelingSession & { recordIds: string[] }> {
    const doc = await this.require(scope, sessionId);
    return { ...toSession(doc), recordIds: doc.recordIds };
  }

  async move(scope: ProjectScope, sessionId: string, to: 'next' | 'previous' | number): Promise<LabelingSession> {
    const doc = await this.require(scope, sessionId);
    if (typeof to === 'number' && to >= doc.recordIds.length) {
      throw invalid('to', `position ${to} is outside the session (size ${doc.recordIds.length})`);
    }
    const position = targetPosition(doc.recordIds.length, doc.position, to);
    await this.sessions.setPosition(scope.projectId, doc._id, position);
    return toSession({ ...doc, position });
  }

  /**
   * Any member of the project may open a session (refinery's access links): engineers hand
   * sessions to annotators, and the gateway lets an annotator reach only the sessions assigned to
   * them (the role matrix is decided there, services trust the actor's role). Another project's
   * or organization's session is NOT_FOUND.
   */
  private async require(scope: ProjectScope, sessionId: string): Promise<SessionDoc> {
    const doc = await this.sessions.findInProject(scope.projectId, sessionId);
    if (!doc) throw notFound('labeling session', sessionId);
    return doc;
  }
}

function toSession(doc: SessionDoc): LabelingSession {
  const size = doc.recordIds.length;
  return {
    id: doc._id,
    size,
    position: doc.position,
    recordId: doc.recordIds[doc.position] ?? null,
    hasPrevious: doc.position > 0,
    hasNext: doc.position < size - 1,
    createdBy: doc.userId,
    createdAt: doc.createdAt.toISOString(),
  };
}
