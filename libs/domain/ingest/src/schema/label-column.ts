// Label columns: `attribute__task` holds manual labels of `task` on `attribute`, `__task` of the
// whole record. The name is split at the first `__`; a name ending in `__` is an ordinary column.
import type { LabelColumn } from '../ingest-types.js';

export function labelColumn(name: string): LabelColumn | undefined {
  const at = name.indexOf('__');
  if (at < 0) return undefined;
  const task = name.slice(at + 2).trim();
  if (!task) return undefined;
  return { attribute: at === 0 ? null : name.slice(0, at), task };
}
