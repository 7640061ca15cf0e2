import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import { type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { SessionSchema, type SessionDoc } from './session.schema.js';

@Injectable()
export class SessionRepository extends TenantRepository<SessionDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<SessionDoc>('LabelingSession', SessionSchema));
  }

  async insert(projectId: ProjectId, doc: Omit<SessionDoc, 'projectId'>): Promise<SessionDoc> {
    const full = { ...doc, projectId };
    await this.model.create(full);
    return full;
  }

  findInProject(projectId: ProjectId, id: string): Promise<SessionDoc | null> {
    return this.findOneScoped(projectId, { _id: id });
  }

  async setPosition(projectId: ProjectId, id: string, position: number): Promise<void> {
    await this.model.updateOne(this.scoped(projectId, { _id: id }), { $set: { position } });
  }
}
