import type { Request } from 'express';
import type { AssignmentKind } from '@refinery/contracts';
import type { Principal } from '../../identity/auth/principal.js';
import type { ProjectAccess } from '../../identity/projects/project-access.service.js';

export type { Principal, ProjectAccess };

/**
 * Everything the REST routes need from identity, in one seam: who calls, what they may do in a
 * project, which organization an org-level request acts in, and the audit trail. Identity's
 * services implement it (IdentityApiAccess); the dispatcher never reaches into identity itself.
 */
export interface ApiAccess {
  /**
   * The caller (bearer token or cookie session). Throws 401 without credentials, 403 for a read
   * token on an unsafe method and for a cookie session without the CSRF header on one.
   */
  authenticate(req: Request): Promise<Principal>;
  /** The caller's role and NATS actor in a project; NOT_FOUND for a project they cannot see. */
  project(principal: Principal, projectId: string): Promise<ProjectAccess>;
  /**
   * The organization an org-level request (create or import a project) acts in: `orgId` when the
   * caller is a member of it (NOT_FOUND otherwise), else their only organization.
   */
  organization(principal: Principal, orgId: string | undefined): Promise<string>;
  /** Organizations the caller belongs to (the project list spans them). */
  organizations(principal: Principal): Promise<string[]>;
  /** The creator of a new project becomes its owner. */
  projectCreated(principal: Principal, orgId: string, projectId: string): Promise<void>;
  /** A deleted project's roles and assignments go with it. */
  projectDeleted(projectId: string): Promise<void>;
  /** Annotators label only the sessions and static slices assigned to them (and not locked). */
  mayLabel(access: ProjectAccess, kind: AssignmentKind, targetId: string): Promise<boolean>;
  /** One audit entry for a change made through the API (never throws). */
  audit(access: ProjectAccess, action: string, target: { type: string; id: string } | null, details: Record<string, unknown>): Promise<void>;
}

export const API_ACCESS = Symbol('API_ACCESS');
