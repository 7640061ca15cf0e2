import { Inject, Injectable } from '@nestjs/common';
import { ProjectEvents, type Actor, type Project, type ProjectDetails } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { QUEUE, EventPublisher } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { RecordReader } from '../records/record-reader.service.js';
import { notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { PurgeProjectJob } from './jobs/purge-project.job.js';
import { ProjectDeletions } from './project-deletions.js';
import { ProjectRepository } from './project.repository.js';
import type { ProjectDoc } from './project.schema.js';

@Injectable()
export class ProjectsService {
  constructor(
    @Inject(ProjectRepository) private readonly projects: ProjectRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(ProjectDeletions) private readonly deletions: ProjectDeletions,
  ) {}

  async create(actor: Actor, input: { name: string; description: string }): Promise<Project> {
    if (actor.role === 'system' && actor.orgId === 'system') {
      throw new AppError('VALIDATION_FAILED', 'actor.orgId: a project needs the organization of a real actor');
    }
    const doc = await this.projects.insert({
      _id: newId(),
      orgId: actor.orgId,
      name: input.name,
      description: input.description,
      createdBy: actor.userId,
      createdAt: new Date(),
    });
    return toProject(doc);
  }

  async list(actor: Actor): Promise<Project[]> {
    return (await this.projects.listOfOrg(actor.orgId)).map(toProject);
  }

  async get(scope: ProjectScope): Promise<ProjectDetails> {
    const doc = await this.require(scope);
    const [recordCount, attributeCount, taskCount] = await Promise.all([
      this.records.count(scope.projectId),
      this.attributes.count(scope.projectId),
      this.tasks.count(scope.projectId),
    ]);
    return { ...toProject(doc), recordCount, attributeCount, taskCount };
  }

  async update(scope: ProjectScope, set: { name?: string; description?: string }): Promise<Project> {
    const doc = await this.projects.update(scope.orgId, scope.projectId, set);
    if (!doc) throw notFound('project', scope.projectId);
    return toProject(doc);
  }

  /**
   * The project disappears at once (every later request answers NOT_FOUND); its data is purged
   * by a retried job, and other services learn of it from the event.
   */
  async delete(scope: ProjectScope): Promise<void> {
    if (!this.queue) throw new AppError('INTERNAL', 'the records service runs without its queue');
    await this.queue.enqueue(PurgeProjectJob, { projectId: scope.projectId }, { jobId: `purge-${scope.projectId}` });
    if (!(await this.projects.delete(scope.orgId, scope.projectId))) throw notFound('project', scope.projectId);
    this.deletions.deleted(scope.projectId);
    this.events.publish(ProjectEvents.deleted, scope.projectId, {
      projectId: scope.projectId,
      orgId: scope.orgId,
      deletedBy: scope.actor.userId,
    });
  }

  private async require(scope: ProjectScope): Promise<ProjectDoc> {
    const doc = await this.projects.findAnyById(scope.projectId);
    if (!doc) throw notFound('project', scope.projectId);
    return doc;
  }
}

function toProject(doc: ProjectDoc): Project {
  return {
    id: doc._id,
    orgId: doc.orgId,
    name: doc.name,
    description: doc.description,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
  };
}
