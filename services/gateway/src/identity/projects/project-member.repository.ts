import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { IDENTITY_CACHE_MS, ShortCache } from '../shared/short-cache.js';
import { ProjectMemberSchema, projectMemberId, type ProjectMemberDoc } from './project-member.schema.js';

@Injectable()
export class ProjectMemberRepository {
  private readonly model: Model<ProjectMemberDoc>;
  /** A user's role in a project, read by every project request; this repository's writes invalidate. */
  private readonly byId = new ShortCache<ProjectMemberDoc | null>(IDENTITY_CACHE_MS);

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    this.model = mongo.connection.model<ProjectMemberDoc>('ProjectMember', ProjectMemberSchema);
  }

  /** Reused for up to IDENTITY_CACHE_MS (absence too). */
  find(projectId: string, userId: string): Promise<ProjectMemberDoc | null> {
    const _id = projectMemberId(projectId, userId);
    return this.byId.get(_id, () => this.model.findById(_id).lean<ProjectMemberDoc>());
  }

  ofProject(projectId: string): Promise<ProjectMemberDoc[]> {
    return this.model.find({ projectId }).sort({ updatedAt: 1 }).lean<ProjectMemberDoc[]>();
  }

  async upsert(doc: Omit<ProjectMemberDoc, '_id'>): Promise<void> {
    const _id = projectMemberId(doc.projectId, doc.userId);
    try {
      await this.model.replaceOne({ _id }, { _id, ...doc }, { upsert: true });
    } finally {
      this.byId.invalidate(_id);
    }
  }

  async delete(projectId: string, userId: string): Promise<boolean> {
    const _id = projectMemberId(projectId, userId);
    try {
      const res = await this.model.deleteOne({ _id });
      return res.deletedCount === 1;
    } finally {
      this.byId.invalidate(_id);
    }
  }

  async deleteOfProject(projectId: string): Promise<void> {
    try {
      await this.model.deleteMany({ projectId });
    } finally {
      this.byId.clear();
    }
  }

  /** Leaving an organization ends the user's roles in its projects. */
  async deleteInOrg(orgId: string, userId: string): Promise<void> {
    try {
      await this.model.deleteMany({ orgId, userId });
    } finally {
      this.byId.clear();
    }
  }
}
