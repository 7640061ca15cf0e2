import { EmbeddingEvents, UploadEvents, WeakSupervisionRunEvents } from '@refinery/contracts';
import { auditedEvents } from './event-audit.js';

const entryFor = (subject: string, payload: unknown) => {
  const event = auditedEvents.find((e) => e.contract.subject === subject);
  if (!event) throw new Error(`${subject} is not audited`);
  return event.entry(event.contract.payload.parse(payload));
};

describe('audited events', () => {
  it('audits outcomes only: an embedding that finished or failed, not one created (the REST route audited that)', () => {
    const base = { projectId: 'p1', embeddingId: 'e1' };
    expect(entryFor(EmbeddingEvents.changed.subject, { ...base, change: 'finished' })).toEqual({ action: 'embedding.finished', target: { type: 'embedding', id: 'e1' } });
    expect(entryFor(EmbeddingEvents.changed.subject, { ...base, change: 'failed' })?.action).toBe('embedding.failed');
    expect(entryFor(EmbeddingEvents.changed.subject, { ...base, change: 'created' })).toBeNull();
  });

  it('names the failure of an upload and of a weak-supervision run', () => {
    expect(entryFor(UploadEvents.failed.subject, { projectId: 'p1', uploadId: 'u1', message: 'row 3: id is not a number', problems: [{ code: 'BAD_VALUE', message: 'row 3: id is not a number' }] })).toEqual({
      action: 'upload.failed',
      target: { type: 'upload', id: 'u1' },
      details: { message: 'row 3: id is not a number', problems: 1 },
    });
    expect(
      entryFor(WeakSupervisionRunEvents.finished.subject, { projectId: 'p1', runId: 'r1', taskId: 't1', state: 'FAILED', summary: null, error: { code: 'VALIDATION_FAILED', message: 'no heuristic has outputs' } }),
    ).toEqual({ action: 'weak_supervision_run.failed', target: { type: 'task', id: 't1' }, details: { runId: 'r1', error: 'no heuristic has outputs' } });
  });
});
