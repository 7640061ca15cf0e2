// CSV → raw table: buffers a sample to detect the delimiter, then tokenizes chunk by chunk; the
// first record is the header. Ragged records and text after a closing quote are row-level
// MALFORMED problems; an unterminated quote is a file-level one.
import { fail, type IngestProblem } from '../ingest-problem.js';
import type { IngestLimits } from '../ingest-types.js';
import { Utf8Failure } from '../source/byte-source.js';
import { ColumnRegistry } from '../table/column-registry.js';
import type { RawRow, TableBatch, TableInfo } from '../table/raw-table.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';
import { detectDelimiter } from './delimiter-detect.js';

const SAMPLE_CHARS = 64 * 1024;

export async function* readCsv(
  text: AsyncIterable<string>,
  limits: IngestLimits,
  delimiterOption: string | undefined,
  info: TableInfo,
): AsyncGenerator<TableBatch> {
  if (delimiterOption !== undefined && delimiterOption.length !== 1) {
    fail({
      code: 'MALFORMED',
      message: `the delimiter must be one character, got "${delimiterOption}"`,
    });
  }
  const columns = new ColumnRegistry(limits.maxColumns);
  let tokenizer: CsvTokenizer | undefined;
  let sample = '';
  let header = false;
  let row = 0;

  const start = (complete: boolean): CsvTokenizer => {
    const delimiter = delimiterOption ?? detectDelimiter(sample, complete);
    info.delimiter = delimiter;
    // the header may have up to maxColumns fields; data records one more than the header (to see raggedness)
    const t = new CsvTokenizer(delimiter.charCodeAt(0), limits.maxCellChars, limits.maxColumns + 1);
    t.push(sample);
    sample = '';
    return t;
  };

  const drain = (t: CsvTokenizer): RawRow[] => {
    const out: RawRow[] = [];
    for (const rec of t.records) {
      if (!header) {
        if (rec.tooLong !== undefined)
          fail({
            code: 'CELL_TOO_LONG',
            line: rec.line,
            message: `header field ${rec.tooLong + 1} is longer than ${limits.maxCellChars} characters`,
          });
        columns.setHeader(rec.fields, rec.count);
        header = true;
        continue;
      }
      out.push(toRow(rec, ++row, columns.names, limits));
    }
    t.records.length = 0;
    return out;
  };

  // with a known delimiter (always in pass 2) there is nothing to sample
  if (delimiterOption !== undefined) tokenizer = start(false);
  try {
    for await (const chunk of text) {
      if (!tokenizer) {
        sample += chunk;
        if (sample.length < SAMPLE_CHARS) continue;
        tokenizer = start(false);
      } else tokenizer.push(chunk);
      const rows = drain(tokenizer);
      if (rows.length) yield { columns: columns.names, rows };
    }
  } catch (err) {
    if (err instanceof Utf8Failure) {
      // count the rows before the bad byte (they may still sit in the delimiter sample)
      tokenizer ??= start(true);
      drain(tokenizer);
      fail({
        code: 'INVALID_UTF8',
        byteOffset: err.byteOffset,
        row: row + 1,
        line: tokenizer?.currentLine ?? 1,
        message: `invalid UTF-8 at byte ${err.byteOffset} (in data row ${row + 1}); save the file as UTF-8`,
      });
    }
    throw err;
  }
  tokenizer ??= start(true);
  const { unterminatedQuoteLine } = tokenizer.end();
  if (unterminatedQuoteLine !== undefined) {
    fail({
      code: 'MALFORMED',
      line: unterminatedQuoteLine,
      row: row + 1,
      message: `a quoted field starting on line ${unterminatedQuoteLine} is never closed`,
    });
  }
  const rows = drain(tokenizer);
  if (!header) fail({ code: 'EMPTY_FILE', message: 'the file is empty (no header)' });
  if (rows.length) yield { columns: columns.names, rows };
}

function toRow(
  rec: CsvRecord,
  row: number,
  names: readonly string[],
  limits: IngestLimits,
): RawRow {
  const raw: RawRow = { row, line: rec.line, cells: rec.fields };
  const problems: IngestProblem[] = [];
  if (rec.count !== names.length) {
    problems.push({
      code: 'MALFORMED',
      row,
      line: rec.line,
      message: `row ${row} (line ${rec.line}) has ${rec.count} fields; the header has ${names.length}`,
    });
  } else if (rec.malformed !== undefined) {
    const column = names[rec.malformed] ?? String(rec.malformed + 1);
    problems.push({
      code: 'MALFORMED',
      row,
      line: rec.line,
      column,
      message: `row ${row} (line ${rec.line}), column "${column}": text after the closing quote (write a quote inside a quoted field as "")`,
    });
  }
  if (rec.tooLong !== undefined) {
    const column = names[rec.tooLong];
    problems.push({
      code: 'CELL_TOO_LONG',
      row,
      line: rec.line,
      ...(column !== undefined && { column }),
      message: `row ${row}, column "${column ?? rec.tooLong + 1}": the cell is longer than ${limits.maxCellChars} characters`,
    });
  }
  if (problems.length) raw.problems = problems;
  return raw;
}
