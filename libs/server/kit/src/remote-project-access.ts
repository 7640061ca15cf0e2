import { ProjectSubjects, type Actor, type Envelope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import type { NatsBus } from '@refinery/server-nats';

/** `read` or `write`: what each service means by them is in its roles table. */
export type ProjectAccessKind = 'read' | 'write';

export interface RemoteProjectAccessOptions {
  /** What the service guards, for the FORBIDDEN message ("may not change embeddings"). */
  readonly what: string;
  readonly roles: Readonly<Record<ProjectAccessKind, ReadonlySet<Actor['role']>>>;
  /** How long a confirmed (organization, project) pair is trusted without asking again. */
  readonly cacheMs: number;
  readonly timeoutMs?: number;
}

const MAX_CACHED = 10_000;

/**
 * Defence in depth behind the gateway, for the services that do not own projects: the caller's
 * role must allow the action, and the project must belong to the caller's organization — records
 * owns projects and is asked (it answers NOT_FOUND for another organization's project, and that
 * error passes through); a confirmation is trusted for `cacheMs`.
 */
export class RemoteProjectAccess {
  private readonly verified = new Map<string, number>(); // `${orgId} ${projectId}` -> expiry

  constructor(
    private readonly bus: NatsBus,
    private readonly options: RemoteProjectAccessOptions,
  ) {}

  /** The envelope's project id once the caller may act on it. */
  protected async check(env: Envelope<unknown>, access: ProjectAccessKind): Promise<string> {
    const projectId = env.projectId;
    if (!projectId) {
      throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, {
        issues: [{ path: ['projectId'], message: 'required' }],
      });
    }
    if (!this.options.roles[access].has(env.actor.role)) {
      throw new AppError('FORBIDDEN', `the ${env.actor.role} role may not ${access === 'write' ? 'change' : 'read'} ${this.options.what}`);
    }
    const key = `${env.actor.orgId} ${projectId}`;
    const now = Date.now();
    if ((this.verified.get(key) ?? 0) <= now) {
      await this.bus.request(ProjectSubjects.get, {}, { actor: env.actor, projectId, ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}) });
      if (this.verified.size >= MAX_CACHED) this.verified.clear();
      this.verified.set(key, now + this.options.cacheMs);
    }
    return projectId;
  }

  /** Forgets a deleted project at once. */
  forget(projectId: string): void {
    for (const key of this.verified.keys()) if (key.endsWith(` ${projectId}`)) this.verified.delete(key);
  }
}
