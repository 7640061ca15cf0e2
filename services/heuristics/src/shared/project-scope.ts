import type { Actor } from '@refinery/contracts';
import type { ProjectId } from '@refinery/server-mongo';

export type { ProjectId } from '@refinery/server-mongo';

/** The checked project of one request: its organization and who acts on it. */
export interface ProjectScope {
  readonly projectId: ProjectId;
  readonly orgId: string;
  readonly actor: Actor;
}

/** For work the platform does on a project it already checked (jobs, events from records). */
export function trustedScope(projectId: string, orgId: string, actor: Actor): ProjectScope {
  return { projectId: projectId as ProjectId, orgId, actor };
}
