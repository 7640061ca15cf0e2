import { ingestOptions, toUploadProblem } from './ingest-options.js';

const config = {
  RECORDS_UPLOAD_MAX_BYTES: 100,
  RECORDS_UPLOAD_MAX_ROWS: 10,
  RECORDS_UPLOAD_MAX_COLUMNS: 5,
  RECORDS_UPLOAD_MAX_CELL_CHARS: 50,
};

describe('ingest options of an upload', () => {
  it('maps the format, options and limits of a first upload', () => {
    const opts = ingestOptions({ format: 'CSV', options: { lenient: true, delimiter: ';', dataTypes: { n: 'INTEGER' } } }, config, [], 0);
    expect(opts).toEqual({
      format: 'csv',
      lenient: true,
      delimiter: ';',
      typeOverrides: { n: 'INTEGER' },
      limits: { maxBytes: 100, maxRows: 10, maxColumns: 5, maxCellChars: 50 },
      runningIdStart: 0,
    });
  });

  it('matches re-uploads on the project key and checks them against its attributes', () => {
    const existing = [
      { name: 'id', dataType: 'TEXT' as const, isPrimaryKey: true },
      { name: 'text', dataType: 'TEXT' as const, isPrimaryKey: false },
    ];
    const opts = ingestOptions({ format: 'XLSX', options: { lenient: false } }, config, existing, 0);
    expect(opts).toMatchObject({ format: 'xlsx', primaryKey: ['id'], existing: [{ name: 'id', dataType: 'TEXT' }, { name: 'text', dataType: 'TEXT' }] });
    const running = ingestOptions({ format: 'JSONL', options: { lenient: false } }, config, [{ name: 'running_id', dataType: 'INTEGER', isPrimaryKey: true }], 7);
    expect(running.primaryKey).toBeUndefined();
    expect(running.runningIdStart).toBe(7);
  });

  it('keeps row, column and code of a problem', () => {
    expect(toUploadProblem({ code: 'INVALID_UTF8', message: 'bad byte', row: 3, byteOffset: 17 })).toEqual({ code: 'INVALID_UTF8', message: 'bad byte', row: 3 });
  });
});
