import type { Actor } from '@refinery/contracts';

declare const projectIdBrand: unique symbol;

/**
 * A project id that passed the access check. Repositories only take this type, so a query
 * without a project scope — or with an unchecked id — does not compile.
 */
export type ProjectId = string & { readonly [projectIdBrand]: true };

/** The checked project of one request, with who acts on it. */
export interface ProjectScope {
  readonly projectId: ProjectId;
  readonly orgId: string;
  readonly actor: Actor;
}

/**
 * For code that acts on a project it already checked or that the platform itself owns
 * (jobs enqueued after an access check, the purge of a deleted project).
 */
export function trustedProjectId(id: string): ProjectId {
  return id as ProjectId;
}
