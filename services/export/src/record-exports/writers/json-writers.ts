import type { Cell } from '../export-layout.js';
import type { ByteSink } from './byte-sink.js';
import type { RowWriter } from './row-writer.js';

/**
 * One row as a JSON object text, from the column names escaped once: no object per row is built
 * (100k rows × a dozen columns), only the cells are serialized.
 */
class RowJson {
  private readonly keys: string[];
  constructor(columns: readonly string[]) {
    this.keys = columns.map((c, i) => `${i ? ',' : '{'}${JSON.stringify(c)}:`);
  }
  text(row: readonly Cell[]): string {
    let out = '';
    for (let i = 0; i < this.keys.length; i++) out += this.keys[i] + JSON.stringify(row[i] ?? null);
    return this.keys.length ? `${out}}` : '{}';
  }
}

/** One JSON array of objects keyed by column name (refinery's `orient="records"`), written batch by batch. */
export class JsonWriter implements RowWriter {
  private json = new RowJson([]);
  private first = true;
  constructor(private readonly sink: ByteSink) {}

  async start(columns: readonly string[]): Promise<void> {
    this.json = new RowJson(columns);
    await this.sink.write(Buffer.from('['));
  }

  async rows(rows: readonly (readonly Cell[])[]): Promise<void> {
    if (!rows.length) return;
    let text = '';
    for (const row of rows) {
      text += (this.first ? '\n' : ',\n') + this.json.text(row);
      this.first = false;
    }
    await this.sink.write(Buffer.from(text));
  }

  async end(): Promise<void> {
    await this.sink.write(Buffer.from(this.first ? ']\n' : '\n]\n'));
  }
}

/** One JSON object per line. */
export class JsonlWriter implements RowWriter {
  private json = new RowJson([]);
  constructor(private readonly sink: ByteSink) {}

  start(columns: readonly string[]): Promise<void> {
    this.json = new RowJson(columns);
    return Promise.resolve();
  }

  async rows(rows: readonly (readonly Cell[])[]): Promise<void> {
    if (!rows.length) return;
    let text = '';
    for (const row of rows) text += this.json.text(row) + '\n';
    await this.sink.write(Buffer.from(text));
  }

  end(): Promise<void> {
    return Promise.resolve();
  }
}
