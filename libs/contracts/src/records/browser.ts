import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from './common.js';
import { RecordView } from './records.js';

/**
 * The data browser. `query` and `page` follow the grammar of `@refinery/query` (README there):
 * `{filter?, order?}` and `{limit, offset}` or `{limit, cursor}`; the records service parses them
 * against the project's attributes and tasks and answers VALIDATION_FAILED with the path of
 * every problem (`payload.query.filter.conditions.1.value`, ...).
 */
export const BrowserSubjects = {
  query: defineRequest(
    'records.browser.query.v1',
    z.object({
      query: z.unknown().default({}),
      /** Within a data slice: its filter AND this one (DYNAMIC), or its frozen records (STATIC). */
      sliceId: EntityId.optional(),
      page: z.unknown().default({ limit: 50, cursor: null }),
      withTotal: z.boolean().default(true),
      withTokens: z.boolean().default(false),
    }),
    z.object({
      records: z.array(RecordView),
      /** Records matching the filter (null when not asked for). */
      total: z.number().int().nonnegative().nullable(),
      /** For `{cursor}` paging: pass it back for the next page; null on the last page. */
      nextCursor: z.string().nullable(),
    }),
    30_000,
  ),
} as const;
