import { z } from 'zod';
import { defineEvent, defineRequest } from './message.js';
import { HealthSubjects } from './health.js';
import { backendServices } from './services.js';
import { envelopeSchema, replySchema } from './envelope.js';

describe('contracts', () => {
  it('accepts subjects of the form <owner>.<aggregate>.<verb>.v<n>', () => {
    const c = defineRequest('records.projects.create.v1', z.object({}), z.object({}));
    expect(c.subject).toBe('records.projects.create.v1');
    expect(defineEvent('records.labels.changed.v1', z.object({})).kind).toBe('event');
  });

  it('rejects subjects without a version or with upper case', () => {
    expect(() => defineRequest('records.projects.create', z.object({}), z.object({}))).toThrow(
      /does not follow/,
    );
    expect(() => defineEvent('Records.labels.changed.v1', z.object({}))).toThrow(/does not follow/);
  });

  it('defines a health check per backend service', () => {
    expect(Object.keys(HealthSubjects).sort()).toEqual([...backendServices].sort());
    expect(HealthSubjects['weak-supervision'].check.subject).toBe(
      'weak-supervision.health.check.v1',
    );
  });

  it('validates envelopes and names the failing field', () => {
    const schema = envelopeSchema(z.object({ name: z.string() }));
    const result = schema.safeParse({
      id: 'e1',
      subject: 'records.projects.create.v1',
      occurredAt: new Date().toISOString(),
      correlationId: 'c1',
      actor: { userId: 'u', orgId: 'o', role: 'engineer' },
      projectId: null,
      payload: { name: 3 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['payload', 'name']);
  });

  it('builds the envelope and reply schemas once per payload schema (they are used per message)', () => {
    const payload = z.object({ name: z.string() });
    expect(envelopeSchema(payload)).toBe(envelopeSchema(payload));
    expect(replySchema(payload)).toBe(replySchema(payload));
    expect(envelopeSchema(z.object({ name: z.string() }))).not.toBe(envelopeSchema(payload));
  });
});
