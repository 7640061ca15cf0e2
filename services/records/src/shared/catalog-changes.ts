import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_CONNECTION } from '@refinery/server-kit';
import type { NatsConnectionManager } from '@refinery/server-nats';
import { ReplicaChannel } from './replica-channel.js';

interface CatalogNotice {
  origin: string;
  projectId: string;
}

/**
 * A per-project counter bumped by every task or label write, in this replica directly and in
 * the others through a notice, so cached catalogs (TaskCatalog) notice the change at once.
 */
@Injectable()
export class CatalogChanges {
  private readonly versions = new Map<string, number>();
  private readonly channel: ReplicaChannel<CatalogNotice>;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnectionManager, @Inject(LOGGER) logger: Logger) {
    this.channel = new ReplicaChannel<CatalogNotice>(nats, 'records.internal.catalog-changed.v1', logger, (n) => this.bump(n.projectId));
  }

  touch(projectId: string): void {
    this.bump(projectId);
    this.channel.publish({ projectId });
  }

  version(projectId: string): number {
    return this.versions.get(projectId) ?? 0;
  }

  ready(): Promise<void> {
    return this.channel.ready();
  }

  private bump(projectId: string): void {
    this.versions.set(projectId, (this.versions.get(projectId) ?? 0) + 1);
  }
}
