import type { RecordView } from '@refinery/contracts';
import type { RecordsClient } from '../access/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';

export interface RecordChunk {
  records: RecordView[];
  /** Records in the project when the page was read. */
  total: number;
}

/** Every record of the project in the default order, read in pages and grouped into chunks of about `size`. */
export async function* recordChunks(records: RecordsClient, scope: ProjectScope, size: number, withTokens: boolean): AsyncGenerator<RecordChunk> {
  let afterSeq = -1;
  let buffer: RecordView[] = [];
  for (;;) {
    const page = await records.page(scope, afterSeq, { withTokens });
    buffer.push(...page.records);
    const last = page.nextAfterSeq === null || page.records.length === 0;
    if (buffer.length >= size || (last && buffer.length > 0)) {
      yield { records: buffer, total: page.total };
      buffer = [];
    }
    if (last || page.nextAfterSeq === null) return;
    afterSeq = page.nextAfterSeq;
  }
}
