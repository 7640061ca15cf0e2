import type { RequestContract } from '@refinery/contracts';
import type { NatsBus } from '@refinery/server-nats';
import { pageOf, rowOf } from '../test-support/views.js';
import { RecordsClient } from './records-client.js';
import { trustedProjectId } from './project-scope.js';
import type { WeakSupervisionConfig } from './weak-supervision-config.js';

/** A records service holding records with the given `seq`s, answering `records.associations.label-matrix`. */
function fakeBus(seqs: number[]): { bus: NatsBus; asked: { taskId: string; afterSeq: number; limit: number }[] } {
  const asked: { taskId: string; afterSeq: number; limit: number }[] = [];
  const bus = {
    request: (contract: RequestContract, payload: { taskId: string; afterSeq: number; limit: number }) => {
      if (contract.subject !== 'records.associations.label-matrix.v1') throw new Error(`unexpected ${contract.subject}`);
      asked.push(payload);
      const page = seqs.filter((s) => s > payload.afterSeq).slice(0, payload.limit);
      const last = page.at(-1);
      const more = last !== undefined && seqs.some((s) => s > last);
      return Promise.resolve(pageOf(page.map((seq) => rowOf(`r${seq}`)), { total: seqs.length, nextAfterSeq: more ? last! : null }));
    },
  } as unknown as NatsBus;
  return { bus, asked };
}

async function readAll(seqs: number[], readAhead: number): Promise<{ ids: string[]; asked: { taskId: string; afterSeq: number; limit: number }[] }> {
  const { bus, asked } = fakeBus(seqs);
  const config = { WS_READ_PAGE_SIZE: 10, WS_READ_AHEAD: readAhead } as WeakSupervisionConfig;
  const client = new RecordsClient(bus, config);
  const ids: string[] = [];
  for await (const page of client.labelMatrixPages({ projectId: trustedProjectId('p'), actor: { userId: 'u', orgId: 'o', role: 'owner' } }, 'task-1')) ids.push(...page.recordIds);
  return { ids, asked };
}

describe('RecordsClient.labelMatrixPages', () => {
  it('reads dense seqs with pages asked ahead, each record once and in order', async () => {
    const seqs = Array.from({ length: 35 }, (_, i) => i);
    const { ids, asked } = await readAll(seqs, 3);
    expect(ids).toEqual(seqs.map((s) => `r${s}`));
    // the first page alone (it tells the total), then the three remaining pages at once
    expect(asked).toEqual([-1, 9, 19, 29].map((afterSeq) => ({ taskId: 'task-1', afterSeq, limit: 10 })));
  });

  it('falls back to the true cursor when seqs have gaps (deleted records)', async () => {
    const seqs = Array.from({ length: 40 }, (_, i) => i).filter((s) => s % 7 !== 3);
    const { ids } = await readAll(seqs, 4);
    expect(ids).toEqual(seqs.map((s) => `r${s}`));
  });

  it('reads one page at a time with no read-ahead', async () => {
    const { ids, asked } = await readAll([0, 1, 2], 1);
    expect(ids).toEqual(['r0', 'r1', 'r2']);
    expect(asked.map((a) => a.afterSeq)).toEqual([-1]);
  });
});
