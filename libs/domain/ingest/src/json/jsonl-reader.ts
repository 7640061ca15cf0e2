// JSONL → raw table: one object per line, blank lines ignored; a line that is not valid JSON or
// not an object is a row-level MALFORMED problem carrying its line number.
import { fail } from '../ingest-problem.js';
import type { IngestLimits } from '../ingest-types.js';
import { Utf8Failure } from '../source/byte-source.js';
import { ColumnRegistry } from '../table/column-registry.js';
import type { RawRow, TableBatch } from '../table/raw-table.js';
import { objectToRow } from './object-row.js';

export async function* readJsonl(
  text: AsyncIterable<string>,
  limits: IngestLimits,
): AsyncGenerator<TableBatch> {
  const columns = new ColumnRegistry(limits.maxColumns);
  // one line holds at most maxColumns cells of maxCellChars plus JSON syntax
  const maxLine = limits.maxColumns * (limits.maxCellChars + 64) + 1024;
  let rest = '';
  let line = 0;
  let row = 0;
  let any = false;

  const take = (text: string, rows: RawRow[]): void => {
    line++;
    const trimmed = text.trim();
    if (!trimmed) return;
    any = true;
    row++;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      rows.push({
        row,
        line,
        cells: [],
        problems: [
          { code: 'MALFORMED', row, line, message: `line ${line} is not valid JSON: ${why}` },
        ],
      });
      return;
    }
    rows.push(objectToRow(value, row, line, columns, limits));
  };

  try {
    for await (const chunk of text) {
      const rows: RawRow[] = [];
      let from = 0;
      let nl = chunk.indexOf('\n');
      if (nl >= 0) {
        take(rest + chunk.slice(0, nl), rows);
        rest = '';
        from = nl + 1;
        while ((nl = chunk.indexOf('\n', from)) >= 0) {
          take(chunk.slice(from, nl), rows);
          from = nl + 1;
        }
      }
      rest += chunk.slice(from);
      if (rest.length > maxLine)
        fail({
          code: 'MALFORMED',
          row: row + 1,
          line: line + 1,
          message: `line ${line + 1} is longer than ${maxLine} characters`,
        });
      if (rows.length) yield { columns: columns.names, rows };
    }
  } catch (err) {
    if (err instanceof Utf8Failure)
      fail({
        code: 'INVALID_UTF8',
        byteOffset: err.byteOffset,
        row: row + 1,
        line: line + 1,
        message: `invalid UTF-8 at byte ${err.byteOffset} (line ${line + 1}); save the file as UTF-8`,
      });
    throw err;
  }
  const rows: RawRow[] = [];
  if (rest) take(rest, rows);
  if (!any) fail({ code: 'EMPTY_FILE', message: 'the file has no records' });
  if (rows.length) yield { columns: columns.names, rows };
}
