declare const projectIdBrand: unique symbol;

/**
 * A project id that passed the access check (or that the platform itself vouches for).
 * Repositories take only this type, so a query without a checked project scope — or with an
 * unchecked id — does not compile.
 */
export type ProjectId = string & { readonly [projectIdBrand]: true };

/**
 * For code that acts on a project it already checked or that the platform itself owns (jobs
 * enqueued after an access check, events of the records service, the purge of a deleted project).
 */
export function trustedProjectId(id: string): ProjectId {
  return id as ProjectId;
}
