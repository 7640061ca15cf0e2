import { z } from 'zod';
import { LabelSubjects, RecordSubjects, TaskSubjects, UploadSubjects } from '@refinery/contracts';
import { buildPayload, validateInput } from './request-input.js';

function fails(fn: () => unknown): { code: string; details: { issues: { path: string[]; message: string }[] } } {
  try {
    fn();
  } catch (error) {
    return error as ReturnType<typeof fails>;
  }
  throw new Error('expected a failure');
}

describe('buildPayload and validateInput', () => {
  it('merges the path ids the contract wants into the body and drops the project id', () => {
    const { payload } = buildPayload(LabelSubjects.create.request, 'body', { params: { projectId: 'p', taskId: 't' }, query: {}, body: { name: 'yes' } });
    expect(payload).toEqual({ taskId: 't', name: 'yes' });
  });

  it('coerces path ids that are numbers in the contract', () => {
    const { payload } = buildPayload(UploadSubjects.chunk.request, 'body', { params: { projectId: 'p', uploadId: 'u', seq: '3' }, query: {}, body: { data: 'YQ==' } });
    expect(payload).toEqual({ uploadId: 'u', seq: 3, data: 'YQ==' });
  });

  it('refuses a body that names a different id than the path', () => {
    const error = fails(() => buildPayload(TaskSubjects.rename.request, 'body', { params: { taskId: 't1' }, query: {}, body: { taskId: 't2', name: 'x' } }));
    expect(error.details.issues).toEqual([{ path: ['body', 'taskId'], message: 'differs from the path (t1)' }]);
  });

  it('refuses a body that is not a JSON object', () => {
    const error = fails(() => buildPayload(TaskSubjects.create.request, 'body', { params: {}, query: {}, body: [1, 2] }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues[0]?.path).toEqual(['body']);
  });

  it('names the request part and field of every problem', () => {
    const raw = { params: { projectId: 'p' }, query: {}, body: { name: '', kind: 'SORTING', labels: [{ name: 'a', color: 'red' }] } };
    const { payload, origins } = buildPayload(TaskSubjects.create.request, 'body', raw);
    const error = fails(() => validateInput(TaskSubjects.create.request, payload, origins, 'body'));
    expect(error.details.issues.map((i) => i.path.join('.'))).toEqual(['body.name', 'body.kind', 'body.labels.0.color']);
  });

  it('names query parameters as query fields and leaves out those the gateway consumes', () => {
    const raw = { params: { projectId: 'p', recordId: 'r' }, query: { withTokens: 'maybe', sessionId: 's' }, body: undefined };
    const { payload, origins } = buildPayload(RecordSubjects.get.request, 'query', raw, ['sessionId']);
    expect(payload).toEqual({ recordId: 'r', withTokens: 'maybe' });
    const error = fails(() => validateInput(RecordSubjects.get.request, payload, origins, 'query'));
    expect(error.details.issues.map((i) => i.path.join('.'))).toEqual(['query.withTokens']);
  });

  it('reports unknown query parameters of strict contracts', () => {
    const schema = z.object({}).strict();
    const { payload, origins } = buildPayload(schema, 'query', { params: {}, query: { colour: 'red' }, body: undefined });
    const error = fails(() => validateInput(schema, payload, origins, 'query'));
    expect(error.details.issues).toEqual([{ path: ['query', 'colour'], message: 'unknown field' }]);
  });
});
