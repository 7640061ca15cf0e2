import type { Actor } from '@refinery/contracts';
import type { ProjectId } from '@refinery/server-mongo';

export { trustedProjectId, type ProjectId } from '@refinery/server-mongo';

/** The checked project of one request, with who acts on it. */
export interface ProjectScope {
  readonly projectId: ProjectId;
  readonly actor: Actor;
}
