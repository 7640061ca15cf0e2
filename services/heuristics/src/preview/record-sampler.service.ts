import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RecordView } from '@refinery/contracts';
import { RecordsClient } from '../access/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { samplePositions, seededRandom } from './record-sample.js';

/** "Run on N"'s records: seeded positions in the default order, each read as a one-record page (in parallel). */
@Injectable()
export class RecordSampler {
  constructor(@Inject(RecordsClient) private readonly records: RecordsClient) {}

  async sample(scope: ProjectScope, n: number, seed: number = randomInt(2 ** 31)): Promise<RecordView[]> {
    const { total } = await this.records.page(scope, -1, 1);
    const positions = samplePositions(total, n, seededRandom(seed));
    const pages = await Promise.all(positions.map((p) => this.records.page(scope, p - 1, 1)));
    const seen = new Map<string, RecordView>();
    for (const page of pages) for (const r of page.records) seen.set(r.id, r);
    return [...seen.values()];
  }
}
