import { Inject, Injectable } from '@nestjs/common';
import { SessionSubjects, SliceSubjects, type AssignmentKind, type AssignmentView } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { forbidden } from '../shared/api-error.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { AssignmentRepository } from './assignment.repository.js';
import { assignmentId, type AssignmentDoc } from './assignment.schema.js';
import { ProjectMemberRepository } from './project-member.repository.js';
import { requireAction, type ProjectAccess } from './project-access.service.js';

/**
 * Sessions and static slices given to annotators. `mayLabel` is the check the labeling routes
 * call: owners, engineers and experts label anything; annotators only what is assigned to them
 * and not locked.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(AssignmentRepository) private readonly repo: AssignmentRepository,
    @Inject(ProjectMemberRepository) private readonly members: ProjectMemberRepository,
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async create(access: ProjectAccess, input: { userId: string; kind: AssignmentKind; targetId: string; locked: boolean }): Promise<AssignmentView> {
    requireAction(access, 'assignments.manage');
    if (!(await this.members.find(access.projectId, input.userId))) {
      throw new AppError('NOT_FOUND', `user ${input.userId} has no role in project ${access.projectId}`);
    }
    await this.requireTarget(access, input.kind, input.targetId);
    const doc: AssignmentDoc = {
      _id: assignmentId(access.projectId, input.userId, input.kind, input.targetId),
      projectId: access.projectId,
      userId: input.userId,
      kind: input.kind,
      targetId: input.targetId,
      locked: input.locked,
      createdBy: access.principal.userId,
      createdAt: this.clock.now(),
    };
    await this.repo.upsert(doc);
    await this.audit.record({
      actor: { userId: access.principal.userId, via: access.principal.via },
      action: 'assignment.created',
      orgIds: [access.orgId],
      projectId: access.projectId,
      target: { type: input.kind, id: input.targetId },
      details: { assignee: input.userId, locked: input.locked },
    });
    return toView(doc);
  }

  /** Annotators see their own assignments; roles that manage them see all. */
  async list(access: ProjectAccess): Promise<AssignmentView[]> {
    const mine = access.role === 'annotator' ? access.principal.userId : undefined;
    return (await this.repo.list(access.projectId, mine)).map(toView);
  }

  async setLocked(access: ProjectAccess, id: string, locked: boolean): Promise<void> {
    requireAction(access, 'assignments.manage');
    if (!(await this.repo.setLocked(access.projectId, id, locked))) throw new AppError('NOT_FOUND', `assignment ${id} not found`);
    await this.audit.record({
      actor: { userId: access.principal.userId, via: access.principal.via },
      action: locked ? 'assignment.locked' : 'assignment.unlocked',
      orgIds: [access.orgId],
      projectId: access.projectId,
      target: { type: 'assignment', id },
    });
  }

  async remove(access: ProjectAccess, id: string): Promise<void> {
    requireAction(access, 'assignments.manage');
    if (!(await this.repo.delete(access.projectId, id))) throw new AppError('NOT_FOUND', `assignment ${id} not found`);
    await this.audit.record({
      actor: { userId: access.principal.userId, via: access.principal.via },
      action: 'assignment.removed',
      orgIds: [access.orgId],
      projectId: access.projectId,
      target: { type: 'assignment', id },
    });
  }

  /** True when the caller may label inside the session or static slice. */
  async mayLabel(access: ProjectAccess, kind: AssignmentKind, targetId: string): Promise<boolean> {
    if (access.role !== 'annotator') return true;
    const doc = await this.repo.findById(access.projectId, assignmentId(access.projectId, access.principal.userId, kind, targetId));
    return doc !== null && !doc.locked;
  }

  /** `mayLabel` as a guard for the labeling routes. */
  async requireLabel(access: ProjectAccess, kind: AssignmentKind, targetId: string): Promise<void> {
    if (!(await this.mayLabel(access, kind, targetId))) {
      throw forbidden(`the ${kind} ${targetId} is not assigned to you (or its link is locked)`, { kind, targetId });
    }
  }

  /** The session or slice must exist in the project (asked as the caller); slices must be static. */
  private async requireTarget(access: ProjectAccess, kind: AssignmentKind, targetId: string): Promise<void> {
    const meta = { actor: access.actor, projectId: access.projectId };
    if (kind === 'slice') {
      const slice = await this.bus.request(SliceSubjects.get, { sliceId: targetId }, meta);
      if (slice.kind !== 'STATIC') throw new AppError('VALIDATION_FAILED', `body.targetId: slice ${targetId} is dynamic; only static slices can be assigned`);
      return;
    }
    await this.bus.request(SessionSubjects.get, { sessionId: targetId }, meta);
  }
}

function toView(doc: AssignmentDoc): AssignmentView {
  return {
    id: doc._id,
    userId: doc.userId,
    kind: doc.kind,
    targetId: doc.targetId,
    locked: doc.locked,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
  };
}
