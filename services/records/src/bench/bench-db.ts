import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

/**
 * Direct access to the service's FerretDB for what the benchmark must not time through the
 * service: the raw-insert baseline of the bulk case.
 */
export class BenchDb {
  private constructor(
    private readonly conn: Connection,
    private readonly serviceDb: string,
  ) {}

  static async open(mongoUrl: string, serviceDb: string): Promise<BenchDb> {
    return new BenchDb(await mongoose.createConnection(mongoUrl).asPromise(), serviceDb);
  }

  private db(name: string) {
    const db = this.conn.useDb(name).db;
    if (!db) throw new Error(`no handle for database ${name}`);
    return db;
  }

  /**
   * The bulk case's associations written the naive way, one document each with plain
   * insertMany pages (no indexes): what a document-per-association design pays at least.
   */
  async rawInsertSeconds(recordIds: readonly string[], pageSize: number): Promise<number> {
    const coll = this.db('bench_baseline').collection<{ _id: string }>('label_associations');
    await coll.drop().catch(() => undefined);
    const createdAt = new Date();
    const t0 = performance.now();
    for (let i = 0; i < recordIds.length; i += pageSize) {
      const docs = recordIds.slice(i, i + pageSize).map((recordId, j) => ({
        _id: randomUUID(),
        projectId: 'baseline',
        recordId,
        taskId: 'task',
        labelId: (i + j) % 2 ? 'label-a' : 'label-b',
        source: 'HEURISTIC',
        userId: null,
        sourceId: 'lf-bench',
        confidence: 0.8,
        start: null,
        end: null,
        text: null,
        generation: 1,
        createdAt,
      }));
      await coll.insertMany(docs, { ordered: false });
    }
    const seconds = (performance.now() - t0) / 1000;
    await coll.drop().catch(() => undefined);
    return seconds;
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}
