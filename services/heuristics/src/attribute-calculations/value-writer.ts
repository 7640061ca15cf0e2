import type { RecordValue } from '@refinery/contracts';
import type { RecordsClient } from '../access/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';

/** Records' largest values page. */
const PAGE_VALUES = 5_000;
/** TEXT values can be long: a page also stops at about this much JSON (NATS' default limit is 1 MiB). */
const PAGE_BYTES = 450_000;

/** Buffers a calculation's values and sends them to the attribute's open generation, page by page. */
export class ValueWriter {
  private buffer: { recordId: string; value: RecordValue }[] = [];
  private bytes = 0;

  constructor(
    private readonly records: RecordsClient,
    private readonly scope: ProjectScope,
    private readonly ref: { attributeId: string; generation: number },
  ) {}

  async add(recordId: string, value: RecordValue): Promise<void> {
    const size = recordId.length + Buffer.byteLength(JSON.stringify(value)) + 32;
    if (this.buffer.length > 0 && (this.buffer.length >= PAGE_VALUES || this.bytes + size > PAGE_BYTES)) await this.flush();
    this.buffer.push({ recordId, value });
    this.bytes += size;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const values = this.buffer;
    this.buffer = [];
    this.bytes = 0;
    await this.records.replaceValues(this.scope, { step: 'page', ...this.ref, values });
  }
}
