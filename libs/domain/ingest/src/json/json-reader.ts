// JSON → raw table: a top-level array of objects, parsed incrementally (@streamparser/json emits
// each element as soon as it is complete and forgets it; the file is never held whole). A syntax
// error is file-level MALFORMED; an element that is not an object is a row-level one.
import { JSONParser } from '@streamparser/json';
import { fail, IngestError } from '../ingest-problem.js';
import type { IngestLimits } from '../ingest-types.js';
import { Utf8Failure } from '../source/byte-source.js';
import { ColumnRegistry } from '../table/column-registry.js';
import type { RawRow, TableBatch } from '../table/raw-table.js';
import { objectToRow } from './object-row.js';

export async function* readJson(
  text: AsyncIterable<string>,
  limits: IngestLimits,
): AsyncGenerator<TableBatch> {
  const columns = new ColumnRegistry(limits.maxColumns);
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  let pending: RawRow[] = [];
  let row = 0;
  let parseError: Error | undefined;
  let started = false;
  parser.onValue = ({ value }) => {
    row++;
    pending.push(objectToRow(value, row, undefined, columns, limits));
  };
  parser.onError = (err: Error) => {
    parseError ??= err;
  };
  const check = (): void => {
    // a limit failing inside onValue reaches onError: keep its own problem
    if (parseError instanceof IngestError) throw parseError;
    if (parseError)
      fail({
        code: 'MALFORMED',
        row: row + 1,
        message: `invalid JSON after data row ${row}: ${parseError.message}`,
      });
  };
  try {
    for await (let chunk of text) {
      if (!started) {
        chunk = chunk.trimStart();
        if (!chunk) continue;
        if (chunk[0] !== '[')
          fail({
            code: 'MALFORMED',
            message:
              'a JSON upload must be an array of objects ([{...}, {...}]); use JSONL for one object per line',
          });
        started = true;
      }
      parser.write(chunk);
      check();
      if (pending.length) {
        yield { columns: columns.names, rows: pending };
        pending = [];
      }
    }
  } catch (err) {
    if (err instanceof Utf8Failure)
      fail({
        code: 'INVALID_UTF8',
        byteOffset: err.byteOffset,
        row: row + 1,
        message: `invalid UTF-8 at byte ${err.byteOffset} (in data row ${row + 1}); save the file as UTF-8`,
      });
    throw err;
  }
  if (!started) fail({ code: 'EMPTY_FILE', message: 'the file is empty' });
  if (!parser.isEnded) {
    parser.end();
    check();
  }
  if (!parser.isEnded)
    fail({
      code: 'MALFORMED',
      row: row + 1,
      message: `the JSON array is not closed after data row ${row}`,
    });
  if (pending.length) yield { columns: columns.names, rows: pending };
}
