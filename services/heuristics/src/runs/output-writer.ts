import type { BulkItem } from '@refinery/contracts';
import type { RecordsClient } from '../access/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';

/** Records' largest `replace-source` page. */
const PAGE_ITEMS = 5_000;

/** Buffers a run's outputs and sends them to its open generation in records, page by page. */
export class OutputWriter {
  private buffer: BulkItem[] = [];

  constructor(
    private readonly records: RecordsClient,
    private readonly scope: ProjectScope,
    private readonly ref: { sourceId: string; taskId: string; generation: number },
  ) {}

  async add(items: readonly BulkItem[]): Promise<void> {
    this.buffer.push(...items);
    while (this.buffer.length >= PAGE_ITEMS) await this.send(this.buffer.splice(0, PAGE_ITEMS));
  }

  async flush(): Promise<void> {
    if (this.buffer.length) await this.send(this.buffer.splice(0));
  }

  private async send(items: BulkItem[]): Promise<void> {
    await this.records.replaceSource(this.scope, { step: 'page', source: 'HEURISTIC', sourceId: this.ref.sourceId, taskId: this.ref.taskId, generation: this.ref.generation, items });
  }
}
