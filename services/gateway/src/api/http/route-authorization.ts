import { SessionSubjects, can } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import type { NatsBus } from '@refinery/server-nats';
import { forbidden } from '../../identity/shared/api-error.js';
import type { ApiAccess, ProjectAccess } from '../access/api-access.js';
import type { ApiRoute } from '../routes/api-route.js';

/** True when the caller's role needs the annotator's assignment check instead of the route's action. */
export function viaAssignment(route: ApiRoute, access: ProjectAccess): boolean {
  return access.role === 'annotator' && route.annotator !== undefined && route.action !== null && !can('annotator', route.action);
}

/** The policy table's answer for the route; FORBIDDEN names the role and the action. */
export function requireRouteAction(route: ApiRoute, access: ProjectAccess): void {
  if (route.action === null || viaAssignment(route, access) || can(access.role, route.action)) return;
  throw forbidden(`the role "${access.role}" may not ${route.action} in project ${access.projectId}`, { role: access.role, action: route.action });
}

/**
 * The session if the annotator may work in it: one they opened (from a static slice assigned to
 * them) or one an engineer assigned to them. Records shares sessions within the project, so this
 * is where an annotator is kept to theirs.
 */
async function annotatorSession(access: ProjectAccess, sessionId: string, deps: { identity: ApiAccess; bus: NatsBus }) {
  const session = await deps.bus
    .request(SessionSubjects.get, { sessionId }, { actor: access.actor, projectId: access.projectId })
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
  if (!session) return null;
  if (session.createdBy === access.actor.userId || (await deps.identity.mayLabel(access, 'session', sessionId))) return session;
  return null;
}

/**
 * Annotators act only inside what is assigned to them. A record is reachable through a labeling
 * session of theirs (`?sessionId=`: a session they opened from a static slice assigned to them, or one
 * assigned to them); a session is opened from an assigned
 * static slice.
 */
export async function requireAssignment(
  route: ApiRoute,
  access: ProjectAccess,
  input: { params: Record<string, string>; query: Record<string, unknown>; payload: Record<string, unknown> },
  deps: { identity: ApiAccess; bus: NatsBus },
): Promise<void> {
  if (!viaAssignment(route, access) || !route.annotator) return;
  switch (route.annotator.kind) {
    case 'session': {
      const sessionId = input.params['sessionId'];
      if (sessionId === undefined || !(await annotatorSession(access, sessionId, deps))) {
        throw forbidden(`labeling session ${sessionId ?? ''} is neither yours nor assigned to you`, { role: access.role });
      }
      return;
    }
    case 'slice': {
      const sliceId = input.payload['sliceId'];
      if (typeof sliceId !== 'string' || !(await deps.identity.mayLabel(access, 'slice', sliceId))) {
        throw forbidden('annotators work on the static slices assigned to them: name one as sliceId', { role: access.role });
      }
      return;
    }
    case 'record': {
      const sessionId = input.query['sessionId'];
      const recordId = input.params['recordId'];
      if (typeof sessionId !== 'string' || recordId === undefined) {
        throw forbidden('annotators label inside their labeling sessions: add ?sessionId=<session>', { role: access.role });
      }
      const session = await annotatorSession(access, sessionId, deps);
      if (!session?.recordIds.includes(recordId)) {
        throw forbidden(`record ${recordId} is not in your labeling session ${sessionId}`, { sessionId, recordId });
      }
      return;
    }
  }
}
