import { Inject, Injectable } from '@nestjs/common';
import type { Actor, Envelope } from '@refinery/contracts';
import { CONFIG, NATS_BUS, RemoteProjectAccess, type ProjectAccessKind } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { trustedProjectId, type ProjectScope } from './project-scope.js';
import type { WeakSupervisionConfig } from './weak-supervision-config.js';

/** `read`: statistics, runs, models; `write`: start runs, recompute statistics. */
export type Access = ProjectAccessKind;

const ROLES: Record<Access, ReadonlySet<Actor['role']>> = {
  read: new Set(['owner', 'engineer', 'expert', 'system']),
  write: new Set(['owner', 'engineer', 'system']),
};

/** The project in the caller's organization (asked of records, cached) and a role that allows the action. */
@Injectable()
export class ProjectAccessService extends RemoteProjectAccess {
  constructor(@Inject(NATS_BUS) bus: NatsBus, @Inject(CONFIG) config: WeakSupervisionConfig) {
    super(bus, { what: 'weak supervision', roles: ROLES, cacheMs: config.WS_ACCESS_CACHE_MS });
  }

  async require(env: Envelope<unknown>, access: Access): Promise<ProjectScope> {
    return { projectId: trustedProjectId(await this.check(env, access)), actor: env.actor };
  }
}
