import type { Actor, Envelope, RequestContract } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import type { NatsBus } from '@refinery/server-nats';
import { ProjectAccessService } from './project-access.service.js';
import type { WeakSupervisionConfig } from './weak-supervision-config.js';

const OWNER: Actor = { userId: 'ada', orgId: 'org-a', role: 'owner' };

function envelope(actor: Actor, projectId: string | null = 'p1'): Envelope<unknown> {
  return { id: 'm', subject: 'weak-supervision.runs.start.v1', occurredAt: new Date().toISOString(), correlationId: 'c', actor, projectId, payload: {} };
}

/** records knows project p1 of org-a only. */
function setup(cacheMs = 60_000) {
  const asked: string[] = [];
  const bus = {
    request: (contract: RequestContract, _payload: unknown, meta: { actor: Actor; projectId: string }) => {
      asked.push(`${contract.subject} ${meta.actor.orgId} ${meta.projectId}`);
      if (meta.projectId === 'p1' && meta.actor.orgId === 'org-a') return Promise.resolve({ id: 'p1' });
      return Promise.reject(new AppError('NOT_FOUND', `project ${meta.projectId} not found`));
    },
  } as unknown as NatsBus;
  return { access: new ProjectAccessService(bus, { WS_ACCESS_CACHE_MS: cacheMs } as WeakSupervisionConfig), asked };
}

describe('ProjectAccessService', () => {
  it('asks records once per organization and project while the answer is fresh', async () => {
    const { access, asked } = setup();
    expect(await access.require(envelope(OWNER), 'write')).toEqual({ projectId: 'p1', actor: OWNER });
    await access.require(envelope({ ...OWNER, role: 'expert' }), 'read');
    expect(asked).toEqual(['records.projects.get.v1 org-a p1']);
    access.forget('p1');
    await access.require(envelope(OWNER), 'read');
    expect(asked).toHaveLength(2);
  });

  it('passes on records’ NOT_FOUND for another organization’s project', async () => {
    const { access } = setup();
    await expect(access.require(envelope({ ...OWNER, orgId: 'org-b' }), 'read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('checks the role before asking records', async () => {
    const { access, asked } = setup();
    await expect(access.require(envelope({ ...OWNER, role: 'annotator' }), 'read')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(access.require(envelope({ ...OWNER, role: 'expert' }), 'write')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(asked).toEqual([]);
  });

  it('needs the project id in the envelope', async () => {
    const { access } = setup();
    await expect(access.require(envelope(OWNER, null), 'read')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('projectId') });
  });

  it('asks again once the answer is older than the cache time', async () => {
    const { access, asked } = setup(0);
    await access.require(envelope(OWNER), 'read');
    await access.require(envelope(OWNER), 'read');
    expect(asked).toHaveLength(2);
  });
});
