// Property test: for random valid queries over a generated record set, the compiled Mongo filter
// (run by the test interpreter, which also rejects operators outside FerretDB 1.24's subset)
// selects exactly the records the in-memory evaluator selects, and Mongo-side keyset paging
// yields exactly the evaluator's order.

import { compileQuery } from './compile-query.js';
import { evaluatePage, prepareQuery } from './evaluate.js';
import { BrowseQuery } from './query.schema.js';
import { readPage } from './read-page.js';
import type { RecordDocument } from './record-document.js';
import {
  ATTRIBUTES,
  makeRecords,
  randomCondition,
  randomOrder,
  rng,
  SCOPE,
  TASKS,
} from './testing/fixtures.js';
import { idsOf } from './testing/hand-made.js';
import { InterpretedSource, matchFilter } from './testing/mongo-interpreter.js';
import { validateQuery } from './validate-query.js';

const records = makeRecords(200, 11);
const ctx = { attributes: ATTRIBUTES, tasks: TASKS, scope: SCOPE };

describe('compiled Mongo filter == in-memory evaluator', () => {
  it('selects the same records for 400 random queries', () => {
    const r = rng(2024);
    let nonTrivial = 0;
    for (let i = 0; i < 400; i++) {
      const query = BrowseQuery.parse({ filter: randomCondition(r) });
      expect(validateQuery(query, ctx)).toEqual([]);
      const compiled = compileQuery(query, ctx);
      const prepared = prepareQuery(query, ctx);
      const byMongo = records.filter((d) => matchFilter(d, compiled.filter)).map((d) => d._id);
      const byEvaluator = records.filter((d) => prepared.matches(d)).map((d) => d._id);
      if (byMongo.length !== byEvaluator.length || byMongo.some((id, k) => id !== byEvaluator[k]))
        throw new Error(
          `query ${i} differs: ${JSON.stringify(query.filter)}\nmongo=${byMongo.length} evaluator=${byEvaluator.length}`,
        );
      if (byMongo.length > 0 && byMongo.length < records.length) nonTrivial++;
    }
    // The generator must produce selective queries, or the comparison proves little.
    expect(nonTrivial).toBeGreaterThan(250);
  });

  it('orders and pages the same for 40 random filtered orderings', async () => {
    const r = rng(77);
    for (let i = 0; i < 40; i++) {
      const query = BrowseQuery.parse({
        filter: r() < 0.7 ? randomCondition(r) : null,
        order: randomOrder(r),
      });
      const prepared = prepareQuery(query, ctx);
      const expected = idsOf(records.filter(prepared.matches).sort(prepared.compare));
      const compiled = compileQuery(query, ctx);
      const source = new InterpretedSource<RecordDocument>(records);
      const got: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: RecordDocument[]; nextCursor: string | null } = await readPage(
          compiled,
          { limit: 23, cursor },
          source,
        );
        got.push(...idsOf(page.items));
        cursor = page.nextCursor;
      } while (cursor !== null);
      if (JSON.stringify(got) !== JSON.stringify(expected))
        throw new Error(`ordering ${i} differs: ${JSON.stringify(query)}`);
      const firstOffsetPage = evaluatePage(records, prepared, { limit: 23, offset: 23 });
      expect(idsOf(firstOffsetPage.items)).toEqual(expected.slice(23, 46));
    }
  });
});
