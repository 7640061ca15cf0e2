import type { RecordExportFormat } from '@refinery/contracts';
import type { ByteSink } from './byte-sink.js';
import { CsvWriter } from './csv-writer.js';
import { JsonlWriter, JsonWriter } from './json-writers.js';
import type { RowWriter } from './row-writer.js';
import { XlsxWriter } from './xlsx-writer.js';

export async function rowWriter(format: RecordExportFormat, sink: ByteSink): Promise<RowWriter> {
  switch (format) {
    case 'JSON':
      return new JsonWriter(sink);
    case 'JSONL':
      return new JsonlWriter(sink);
    case 'CSV':
      return new CsvWriter(sink);
    case 'XLSX':
      return XlsxWriter.create(sink);
  }
}
