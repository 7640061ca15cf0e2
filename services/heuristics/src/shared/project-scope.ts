import type { Actor } from '@refinery/contracts';

declare const projectIdBrand: unique symbol;

/** A project id that passed the access check; repositories only take scopes built from it. */
export type ProjectId = string & { readonly [projectIdBrand]: true };

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
