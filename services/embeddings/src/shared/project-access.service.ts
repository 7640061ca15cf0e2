import { Inject, Injectable } from '@nestjs/common';
import type { Actor, Envelope } from '@refinery/contracts';
import { CONFIG, NATS_BUS, RemoteProjectAccess, type ProjectAccessKind } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { EmbeddingsConfig } from './embeddings-config.js';
import { trustedProjectId, type ProjectScope } from './project-scope.js';

/** `read`: embeddings, similar records, outliers, vectors; `write`: create, delete, import. */
export type Access = ProjectAccessKind;

// Annotators browse by similarity too (the records service asks on their behalf).
const ROLES: Record<Access, ReadonlySet<Actor['role']>> = {
  read: new Set(['owner', 'engineer', 'expert', 'annotator', 'system']),
  write: new Set(['owner', 'engineer', 'system']),
};

/** The project in the caller's organization (asked of records, cached) and a role that allows the action. */
@Injectable()
export class ProjectAccessService extends RemoteProjectAccess {
  constructor(@Inject(NATS_BUS) bus: NatsBus, @Inject(CONFIG) config: EmbeddingsConfig) {
    super(bus, { what: 'embeddings', roles: ROLES, cacheMs: config.EMBEDDINGS_ACCESS_CACHE_MS, timeoutMs: 15_000 });
  }

  async require(env: Envelope<unknown>, access: Access): Promise<ProjectScope> {
    return { projectId: trustedProjectId(await this.check(env, access)), actor: env.actor };
  }
}
