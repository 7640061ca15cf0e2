import type { Actor, Envelope } from '@refinery/contracts';
import { ProjectAccessService } from './project-access.service.js';
import type { ProjectRepository } from './project.repository.js';
import type { ProjectDoc } from './project.schema.js';

const project: ProjectDoc = {
  _id: 'p1',
  orgId: 'org-a',
  name: 'P',
  nameKey: 'p',
  description: '',
  createdBy: 'ada',
  createdAt: new Date(0),
};

function access(): ProjectAccessService {
  const repo = { findAnyById: async (id: string) => (id === project._id ? project : null) } as unknown as ProjectRepository;
  return new ProjectAccessService(repo);
}

function env(actor: Actor, projectId: string | null): Envelope<unknown> {
  return { id: 'e', subject: 'records.projects.get.v1', occurredAt: '', correlationId: 'c', actor, projectId, payload: {} };
}

describe('project access', () => {
  it('admits the project\'s organization and the platform itself', async () => {
    await expect(access().require(env({ userId: 'bob', orgId: 'org-a', role: 'annotator' }, 'p1'))).resolves.toMatchObject({
      projectId: 'p1',
      orgId: 'org-a',
    });
    await expect(access().require(env({ userId: 'system', orgId: 'system', role: 'system' }, 'p1'))).resolves.toMatchObject({
      orgId: 'org-a',
    });
  });

  it('answers NOT_FOUND to other organizations and for unknown ids, and needs a project id', async () => {
    await expect(access().require(env({ userId: 'eve', orgId: 'org-b', role: 'owner' }, 'p1'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(access().require(env({ userId: 'ada', orgId: 'org-a', role: 'owner' }, 'p2'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(access().require(env({ userId: 'ada', orgId: 'org-a', role: 'owner' }, null))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('projectId'),
    });
  });
});
