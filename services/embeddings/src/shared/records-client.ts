import { Inject, Injectable } from '@nestjs/common';
import { AttributeSubjects, RecordSubjects, type Actor, type Attribute, type RecordView } from '@refinery/contracts';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { ProjectId } from './project-scope.js';

/** Records' largest page (`records.records.list.v1`). */
export const RECORDS_PAGE = 2_000;

export interface RecordText {
  readonly id: string;
  readonly seq: number;
  readonly text: string;
}

export interface TextPage {
  readonly records: RecordText[];
  readonly total: number;
  readonly nextAfterSeq: number | null;
}

/** What this service asks the records service, as the given actor in the project. */
@Injectable()
export class RecordsClient {
  /** Shrinks when records' replies get too large for one message (long texts). */
  private pageSize = RECORDS_PAGE;

  constructor(@Inject(NATS_BUS) private readonly bus: NatsBus) {}

  async attributes(projectId: ProjectId, actor: Actor): Promise<Attribute[]> {
    return (await this.bus.request(AttributeSubjects.list, {}, { actor, projectId })).attributes;
  }

  /**
   * Up to `limit` records after `afterSeq` in the default order with the text of one attribute
   * (null → ''). Records' list replies carry whole records and must fit one NATS message, so a page
   * that fails is asked for again in halves (long texts), down to 25 records.
   */
  async texts(projectId: ProjectId, actor: Actor, attribute: string, afterSeq: number, limit = RECORDS_PAGE): Promise<TextPage> {
    const records: RecordText[] = [];
    let after: number | null = afterSeq;
    let total = 0;
    while (after !== null && records.length < limit) {
      const want = Math.min(this.pageSize, limit - records.length);
      let page;
      try {
        page = await this.bus.request(RecordSubjects.list, { afterSeq: after, limit: want, withTokens: false }, { actor, projectId, timeoutMs: 30_000 });
      } catch (error) {
        if (want <= 25) throw error;
        this.pageSize = Math.max(25, Math.floor(want / 2));
        continue;
      }
      total = page.total;
      records.push(...page.records.map((r) => ({ id: r.id, seq: r.seq, text: textOf(r, attribute) })));
      after = page.nextAfterSeq;
    }
    return { records, total, nextAfterSeq: after };
  }

  /** Every record's text, page by page. */
  async *allTexts(projectId: ProjectId, actor: Actor, attribute: string): AsyncGenerator<TextPage> {
    let after: number | null = -1;
    while (after !== null) {
      const page = await this.texts(projectId, actor, attribute, after);
      yield page;
      after = page.nextAfterSeq;
    }
  }
}

function textOf(record: RecordView, attribute: string): string {
  const v = record.data[attribute];
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(' ') : String(v);
}
