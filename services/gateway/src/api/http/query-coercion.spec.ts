import { z } from 'zod';
import { RecordSubjects, SessionSubjects, UploadOptions, WeakSupervisionRunSubjects } from '@refinery/contracts';
import { inputJsonSchema } from './contract-schema.js';
import { coerceQuery } from './query-coercion.js';

const coerce = (schema: z.ZodType, query: Record<string, unknown>) => coerceQuery(inputJsonSchema(schema), query);

describe('coerceQuery', () => {
  it('turns integers and booleans into what the contract wants', () => {
    const query = coerce(RecordSubjects.list.request, { afterSeq: '-1', limit: '25', withTokens: 'true' });
    expect(query).toEqual({ afterSeq: -1, limit: 25, withTokens: true });
    expect(RecordSubjects.list.request.parse(query)).toEqual({ afterSeq: -1, limit: 25, withTokens: true });
  });

  it('leaves text that is not a number for the contract to refuse, naming the parameter', () => {
    const query = coerce(RecordSubjects.list.request, { limit: 'many', withTokens: 'yes' });
    expect(query).toEqual({ limit: 'many', withTokens: 'yes' });
    const issues = RecordSubjects.list.request.safeParse(query).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['limit', 'withTokens']);
  });

  it('picks the alternative of a union the text converts to', () => {
    expect(coerce(SessionSubjects.move.request, { to: 'next' })).toEqual({ to: 'next' });
    expect(coerce(SessionSubjects.move.request, { to: '7' })).toEqual({ to: 7 });
  });

  it('reads arrays from repeated parameters and from comma lists', () => {
    const schema = z.object({ heuristicIds: z.array(z.string()), sizes: z.array(z.number().int()) });
    expect(coerce(schema, { heuristicIds: ['a', 'b'], sizes: '1,2,3' })).toEqual({ heuristicIds: ['a', 'b'], sizes: [1, 2, 3] });
    expect(coerce(schema, { heuristicIds: '' })).toEqual({ heuristicIds: [] });
  });

  it('parses JSON for object parameters and keeps unknown parameters as they are', () => {
    const query = coerce(UploadOptions, { dataTypes: '{"age":"INTEGER"}', primaryKey: 'id,lang', other: '1' });
    expect(query).toEqual({ dataTypes: { age: 'INTEGER' }, primaryKey: ['id', 'lang'], other: '1' });
    expect(coerce(UploadOptions, { dataTypes: '{broken' })).toEqual({ dataTypes: '{broken' });
  });

  it('keeps ids as text even when they look like numbers', () => {
    expect(coerce(WeakSupervisionRunSubjects.list.request, { taskId: '123', limit: '5' })).toEqual({ taskId: '123', limit: 5 });
  });
});
