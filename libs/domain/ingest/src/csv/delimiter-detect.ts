// Picks the delimiter of a CSV sample: the candidate that splits the header into the most
// columns while (almost) every following sample record has the same number of fields.
import { CsvTokenizer } from './csv-tokenizer.js';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_RECORDS = 50;

export function detectDelimiter(sample: string, complete: boolean): string {
  let best: { delimiter: string; score: number; count: number } = {
    delimiter: ',',
    score: -1,
    count: 1,
  };
  for (const delimiter of CSV_DELIMITERS) {
    const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), Number.MAX_SAFE_INTEGER, 0);
    tokenizer.push(sample);
    if (complete) tokenizer.end();
    // without the end of input the last record may be cut off
    const records = complete ? tokenizer.records : tokenizer.records.slice(0, -1);
    const header = records[0];
    if (!header || header.count < 2) continue;
    const body = records.slice(1, SAMPLE_RECORDS + 1);
    const consistent = body.length
      ? body.filter((r) => r.count === header.count).length / body.length
      : 1;
    // consistency first (0.9 tolerates a few ragged rows), then more columns
    const score =
      (consistent >= 0.9 ? 1_000_000 : Math.round(consistent * 1000) * 1000) + header.count;
    if (score > best.score) best = { delimiter, score, count: header.count };
  }
  return best.delimiter;
}
