import { Inject, Injectable } from '@nestjs/common';
import type { RecordView } from '@refinery/contracts';
import { RecordsClient } from '../access/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';

/**
 * "Run on N"'s records: one `records.records.sample.v1` request (the same seed draws the same
 * records). Tokens only for Python, whose documents are built from them.
 */
@Injectable()
export class RecordSampler {
  constructor(@Inject(RecordsClient) private readonly records: RecordsClient) {}

  /** In the default order (records draws them in random order), so a preview reads like the data browser. */
  async sample(scope: ProjectScope, n: number, seed: number | undefined, withTokens: boolean): Promise<RecordView[]> {
    return (await this.records.sample(scope, n, seed, withTokens)).sort((a, b) => a.seq - b.seq);
  }
}
