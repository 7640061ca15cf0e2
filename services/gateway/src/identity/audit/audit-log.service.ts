import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry, AuditPage } from '@refinery/contracts';
import { currentContext, type Logger } from '@refinery/server-core';
import { LOGGER } from '@refinery/server-kit';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditEntryDoc } from './audit-entry.schema.js';
import { redact } from './redact.js';

export interface AuditRecord {
  actor: { userId: string; via: AuditEntryDoc['via'] };
  /** `<area>.<what happened>`, e.g. `org.member_added`, `token.revoked`, `auth.login_failed`. */
  action: string;
  orgIds?: readonly string[];
  projectId?: string | null;
  target?: { type: string; id: string };
  /** Never secrets (they are also stripped by `redact`). */
  details?: Record<string, unknown>;
}

/**
 * Who changed what: members, roles, tokens and logins (identity), every change through the REST
 * routes (`ApiAccess.audit`), and the outcomes of runs, uploads and embeddings from the services'
 * events (EventAuditService). A failed write is logged, not thrown: the change it describes has
 * happened already.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @Inject(AuditRepository) private readonly repo: AuditRepository,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    const at = this.clock.now();
    const doc: AuditEntryDoc = {
      _id: `${at.getTime().toString(36).padStart(10, '0')}-${randomBytes(6).toString('hex')}`,
      at,
      actorUserId: entry.actor.userId,
      via: entry.actor.via,
      action: entry.action,
      orgIds: [...(entry.orgIds ?? [])],
      projectId: entry.projectId ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      details: redact(entry.details ?? {}),
      requestId: currentContext()?.correlationId ?? null,
    };
    try {
      await this.repo.insert(doc);
    } catch (error) {
      this.logger.error({ action: entry.action, err: String(error) }, 'audit entry not stored');
    }
  }

  async page(scope: { projectId: string } | { orgId: string }, limit: number, cursor?: string): Promise<AuditPage> {
    const docs = await this.repo.page(scope, limit, cursor);
    const entries = docs.slice(0, limit).map(toEntry);
    return { entries, nextCursor: docs.length > limit ? (entries.at(-1)?.id ?? null) : null };
  }
}

function toEntry(doc: AuditEntryDoc): AuditEntry {
  return {
    id: doc._id,
    at: doc.at.toISOString(),
    actor: { userId: doc.actorUserId, via: doc.via },
    action: doc.action,
    orgId: doc.orgIds[0] ?? null,
    projectId: doc.projectId,
    target: doc.targetType && doc.targetId ? { type: doc.targetType, id: doc.targetId } : null,
    details: doc.details,
    requestId: doc.requestId,
  };
}
