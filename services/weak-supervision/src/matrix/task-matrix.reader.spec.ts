import type { LabelMatrixPage } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import type { RecordsClient } from '../shared/records-client.js';
import { trustedProjectId } from '../shared/project-scope.js';
import { pageOf, rowOf, taskOf } from '../test-support/views.js';
import { TaskMatrixReader } from './task-matrix.reader.js';

const scope = { projectId: trustedProjectId('p'), actor: { userId: 'u', orgId: 'o', role: 'owner' as const } };

/** A records client whose n-th read yields the n-th list of pages. */
function readerOver(reads: LabelMatrixPage[][]): { reader: TaskMatrixReader; readsStarted: () => number } {
  let started = 0;
  const records = {
    async *labelMatrixPages() {
      const pages = reads[Math.min(started++, reads.length - 1)]!;
      for (const page of pages) yield page;
    },
  } as unknown as RecordsClient;
  return { reader: new TaskMatrixReader(records), readsStarted: () => started };
}

const two = (generation: number, second = generation): LabelMatrixPage[] => [
  pageOf([rowOf('r0', ['a|yes'])], { generation, total: 2, nextAfterSeq: 0 }),
  pageOf([rowOf('r1', ['a|no'])], { generation: second, total: 2 }),
];

describe('TaskMatrixReader.read', () => {
  const task = taskOf('CLASSIFICATION', ['yes', 'no']);

  it('collects every page and reports progress per page', async () => {
    const { reader } = readerOver([two(4)]);
    const progress: [number, number][] = [];
    const data = await reader.read(scope, task, async (done, total) => {
      progress.push([done, total]);
    });
    expect(data.recordIds).toEqual(['r0', 'r1']);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('starts over when records were rewritten between pages', async () => {
    const { reader, readsStarted } = readerOver([two(4, 5), two(5)]);
    const data = await reader.read(scope, task);
    expect(data.recordIds).toEqual(['r0', 'r1']);
    expect(readsStarted()).toBe(2);
  });

  it('gives up with CONFLICT when records keep changing', async () => {
    const { reader, readsStarted } = readerOver([two(4, 5), two(5, 6), two(6, 7)]);
    const error = await reader.read(scope, task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/changed 3 times while the label matrix of task "t" was read/) });
    expect(readsStarted()).toBe(3);
  });

  it('refuses an extraction task without attribute', async () => {
    const { reader } = readerOver([[]]);
    await expect(reader.read(scope, { ...taskOf('EXTRACTION', ['city']), attributeId: null })).rejects.toThrow(/payload.taskId: extraction task "t" has no attribute/);
  });
});
