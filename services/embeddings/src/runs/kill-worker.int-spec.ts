import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { EmbeddingSubjects, SimilaritySubjects, VectorSubjects } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { EmbeddingsHarness } from '../test-support/embeddings-harness.js';
import { BATCH_QUEUE } from './batch-queue.js';

const MAIN = resolve(import.meta.dirname, '../../dist/main.js');

/** Long texts so that one batch takes a noticeable time (a worker is caught mid-batch). */
function longTexts(n: number): string[] {
  const words = ['market', 'stocks', 'league', 'goal', 'senate', 'vote', 'recipe', 'oven', 'storm', 'river', 'planet', 'orbit'];
  return Array.from({ length: n }, (_, i) => Array.from({ length: 220 }, (_, w) => `${words[(i * 7 + w * (i % 5 + 1)) % words.length]}${(i + w) % 13}`).join(' '));
}

describe('embeddings: two real worker processes share a run; SIGKILL of one mid-batch still finishes it (stalled-job recovery)', () => {
  let h: EmbeddingsHarness;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // API in process, workers as child processes; a dead worker's batch is taken over after ~1.5 s.
    h = await EmbeddingsHarness.start(
      { EMBEDDINGS_BATCH_SIZE: '20', EMBEDDINGS_FIT_SAMPLE: '100', EMBEDDINGS_LOCK_DURATION_MS: '1500', EMBEDDINGS_STALLED_INTERVAL_MS: '500' },
      { embeddingsRole: 'api' },
    );
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [MAIN, '--role', 'worker'], { env: { ...process.env, ...h.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
      workers.push(child);
    }
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));
    await h?.close();
  });

  it('finishes with every record embedded exactly once per batch', async () => {
    const texts = longTexts(600);
    const { projectId, recordIds } = await h.project(texts);
    const [victim, survivor] = workers as [ChildProcess, ChildProcess];
    const prefixOf = (w: ChildProcess): string => `${hostname()}-${w.pid}-`;
    const connection = new Redis(h.env['REDIS_URL']!, { maxRetriesPerRequest: null });
    const queue = new Queue(BATCH_QUEUE, { connection, prefix: `bull-${h.env['REFINERY_NAMESPACE']}` });
    try {
      const created = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'bag-of-characters', dims: 16 }, projectId);
      // Wait until the victim is inside a batch, then kill it without a chance to clean up.
      const taken = await expectEventually(
        async () => {
          const active = await queue.getActive();
          const job = active.find((j) => j.processedBy?.startsWith(prefixOf(victim)));
          if (!job) throw new Error('the victim holds no batch yet');
          return job;
        },
        { timeoutMs: 30_000, intervalMs: 10 },
      );
      victim.kill('SIGKILL');
      const batch = (taken.data as { payload: { batch: number; generation: number } }).payload;

      const done = await h.finished(projectId, created.id, 60_000);
      expect(done).toMatchObject({ vectors: 600, dims: 16, progress: { done: 600, total: 600 } });

      // Insert-once pages and marks: 30 batches, 30 pages, whatever was retried.
      const conn = await mongoose.createConnection(h.env['MONGO_URL']!, { dbName: `${h.env['MONGO_DB_PREFIX']}_embeddings` }).asPromise();
      try {
        expect(await conn.collection('vector_pages').countDocuments({ embeddingId: created.id })).toBe(30);
        const marks = await conn.collection<{ _id: string; instanceId: string; batch: number }>('batch_marks').find({ embeddingId: created.id }).toArray();
        expect(marks).toHaveLength(30);
        // The batch the victim died in was taken over (stalled → waiting) and finished by the survivor.
        expect(marks.find((m) => m.batch === batch.batch)?.instanceId.startsWith(prefixOf(survivor))).toBe(true);
        expect((await queue.getJob(taken.id!))?.stalledCounter).toBeGreaterThanOrEqual(1);
      } finally {
        await conn.close();
      }

      const all = await h.call(VectorSubjects.get, { embeddingId: created.id, recordIds: recordIds }, projectId);
      expect(all.missing).toEqual([]);
      const similar = await h.call(SimilaritySubjects.find, { embeddingId: created.id, recordId: recordIds[0]!, threshold: 'none', limit: 5 }, projectId);
      expect(similar.hits).toHaveLength(5);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
