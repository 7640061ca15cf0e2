import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_CONNECTION } from '@refinery/server-kit';
import type { NatsConnectionManager } from '@refinery/server-nats';
import { ReplicaChannel } from '../shared/replica-channel.js';

interface DeletedNotice {
  origin: string;
  projectId: string;
}

/** Tells the other replicas of records that a project is gone (they drop what they remember of it). */
@Injectable()
export class ProjectDeletions {
  private readonly listeners: ((projectId: string) => void)[] = [];
  private readonly channel: ReplicaChannel<DeletedNotice>;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnectionManager, @Inject(LOGGER) logger: Logger) {
    this.channel = new ReplicaChannel<DeletedNotice>(nats, 'records.internal.project-deleted.v1', logger, (n) => this.notify(n.projectId));
  }

  /** Resolves once other replicas' notices are heard: remember nothing before that. */
  ready(): Promise<void> {
    return this.channel.ready();
  }

  listen(listener: (projectId: string) => void): void {
    this.listeners.push(listener);
  }

  /** This replica deleted the project: listeners here at once, the other replicas by a notice. */
  deleted(projectId: string): void {
    this.notify(projectId);
    this.channel.publish({ projectId });
  }

  private notify(projectId: string): void {
    for (const listener of this.listeners) listener(projectId);
  }
}
