import type { Actor, Envelope } from '@refinery/contracts';
import { ProjectAccessService } from './project-access.service.js';
import type { ProjectDeletions } from './project-deletions.js';
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

/** A repository counting its reads, and deletions whose notices the test sends. */
function setup() {
  const stored = new Map([[project._id, project]]);
  const reads = { count: 0 };
  const repo = {
    findAnyById: async (id: string) => {
      reads.count++;
      return stored.get(id) ?? null;
    },
  } as unknown as ProjectRepository;
  const listeners: ((projectId: string) => void)[] = [];
  const deletions = {
    ready: async () => undefined,
    listen: (l: (projectId: string) => void) => void listeners.push(l),
  } as unknown as ProjectDeletions;
  const service = new ProjectAccessService(repo, deletions);
  const deleteProject = (id: string) => {
    stored.delete(id);
    for (const l of listeners) l(id);
  };
  return { service, reads, deleteProject };
}

const access = (): ProjectAccessService => setup().service;

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

  it('remembers a project\'s organization instead of reading it per request, and forgets it on deletion', async () => {
    const { service, reads, deleteProject } = setup();
    const ada = env({ userId: 'ada', orgId: 'org-a', role: 'owner' }, 'p1');
    await service.require(ada);
    await service.require(ada);
    await expect(service.require(env({ userId: 'eve', orgId: 'org-b', role: 'owner' }, 'p1'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(reads.count).toBe(1);
    deleteProject('p1');
    await expect(service.require(ada)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(reads.count).toBe(2);
  });
});
