import type { QueryContext } from './query-context.js';
import { issuesFromZod, QueryError } from './query-error.js';
import { BrowseQuery, PageRequest } from './query.schema.js';
import { validateQuery } from './validate-query.js';

/** Structure (zod) and meaning (attributes, tasks) of a query in one step; throws `QueryError`. */
export function parseBrowseQuery(input: unknown, ctx: QueryContext): BrowseQuery {
  const parsed = BrowseQuery.safeParse(input);
  if (!parsed.success) throw new QueryError(issuesFromZod(parsed.error));
  const issues = validateQuery(parsed.data, ctx);
  if (issues.length > 0) throw new QueryError(issues);
  return parsed.data;
}

export function parsePageRequest(input: unknown): PageRequest {
  const parsed = PageRequest.safeParse(input);
  if (!parsed.success) throw new QueryError(issuesFromZod(parsed.error, ['page']));
  return parsed.data;
}
