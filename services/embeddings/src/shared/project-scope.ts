import type { Actor } from '@refinery/contracts';

declare const projectIdBrand: unique symbol;

/**
 * A project id that passed the access check (or that the platform itself vouches for). The
 * repositories take only this type, so a query without a checked project scope does not compile.
 */
export type ProjectId = string & { readonly [projectIdBrand]: true };

export interface ProjectScope {
  readonly projectId: ProjectId;
  readonly actor: Actor;
}

/** For jobs enqueued after an access check and for events of the records service (trusted publisher). */
export function trustedProjectId(id: string): ProjectId {
  return id as ProjectId;
}
