// XLSX → raw table, streamed with fflate's Unzip and our XML scanner (exceljs's streaming reader
// writes worksheets to temporary files when the shared strings come later, which a domain
// library may not do). Excel stores sharedStrings.xml after the worksheets, so a worksheet that
// arrives before we know it is the wanted one, or before the shared strings, is kept in its
// *compressed* form and inflated afterwards chunk by chunk: memory stays bounded by the
// compressed sheet plus the shared-strings table, never by the inflated XML.
import { Inflate, Unzip, type UnzipFile } from 'fflate';
import { fail, IngestError } from '../ingest-problem.js';
import type { IngestLimits } from '../ingest-types.js';
import type { RawRow, TableBatch, TableInfo } from '../table/raw-table.js';
import { RelsHandler, SharedStringsHandler, WorkbookHandler } from './xlsx-parts.js';
import { SheetHandler } from './sheet-handler.js';
import { XmlScanner, type XmlHandler } from './xml-scanner.js';

/** fflate hands us the raw deflate bytes; we inflate ourselves so a part can be kept compressed. */
class RawDeflate {
  static compression = 8;
  ondata: (err: Error | null, data: Uint8Array, final: boolean) => void = () => {};
  push(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, chunk, final);
  }
}

/** Compressed bytes → inflated → UTF-8 → XML handler. */
class PartSink {
  private readonly inflate: Inflate | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly scanner: XmlScanner;
  done = false;

  constructor(
    readonly name: string,
    compression: number,
    handler: XmlHandler,
  ) {
    this.scanner = new XmlScanner(handler);
    if (compression === 8) this.inflate = new Inflate((data, final) => this.text(data, final));
    else if (compression !== 0)
      fail({
        code: 'MALFORMED',
        message: `${name} uses unsupported zip compression ${compression}`,
      });
  }

  push(chunk: Uint8Array, final: boolean): void {
    if (this.inflate) this.inflate.push(chunk, final);
    else this.text(chunk, final);
  }

  private text(data: Uint8Array, final: boolean): void {
    let s: string;
    try {
      s = this.decoder.decode(data, { stream: !final });
    } catch {
      fail({
        code: 'INVALID_UTF8',
        message: `${this.name} inside the workbook is not valid UTF-8`,
      });
    }
    if (s) this.scanner.push(s);
    if (final) this.done = true;
  }
}

interface Deferred {
  compression: number;
  chunks: Uint8Array[];
  complete: boolean;
}

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

export async function* readXlsx(
  bytes: AsyncIterable<Uint8Array>,
  limits: IngestLimits,
  sheetOption: string | undefined,
  info: TableInfo,
): AsyncGenerator<TableBatch> {
  const workbook = new WorkbookHandler();
  const rels = new RelsHandler();
  const shared = new SharedStringsHandler(limits.maxBytes);
  let workbookDone = false;
  let relsDone = false;
  let sharedDone = false;
  let target: string | undefined;
  const deferred = new Map<string, Deferred>();
  let pending: RawRow[] = [];
  const sheet = new SheetHandler(limits, shared.strings, (row) => pending.push(row));
  let sheetSink: PartSink | undefined;
  let failure: unknown;

  const resolveTarget = (): void => {
    if (target !== undefined || !workbookDone || !relsDone) return;
    const chosen =
      sheetOption === undefined
        ? workbook.sheets[0]
        : workbook.sheets.find((s) => s.name === sheetOption);
    if (!chosen) {
      const names = workbook.sheets.map((s) => `"${s.name}"`).join(', ');
      fail({
        code: sheetOption === undefined ? 'EMPTY_FILE' : 'MALFORMED',
        message:
          sheetOption === undefined
            ? 'the workbook has no sheets'
            : `the workbook has no sheet "${sheetOption}" (sheets: ${names})`,
      });
    }
    target =
      rels.targets.get(chosen.relId) ??
      `xl/worksheets/sheet${workbook.sheets.indexOf(chosen) + 1}.xml`;
    info.sheet = chosen.name;
    for (const name of deferred.keys()) if (name !== target) deferred.delete(name);
  };

  const onFile = (file: UnzipFile): void => {
    const { name, compression } = file;
    let sink: PartSink | undefined;
    let keep: Deferred | undefined;
    if (name === 'xl/workbook.xml') sink = new PartSink(name, compression, workbook);
    else if (name === 'xl/_rels/workbook.xml.rels') sink = new PartSink(name, compression, rels);
    else if (/^xl\/sharedStrings\d*\.xml$/i.test(name))
      sink = new PartSink(name, compression, shared);
    else if (SHEET_PART.test(name) && (target === undefined || target === name)) {
      if (target === name && sharedDone) sink = sheetSink = new PartSink(name, compression, sheet);
      else deferred.set(name, (keep = { compression, chunks: [], complete: false }));
    }
    file.ondata = (err, data, final) => {
      try {
        if (err) fail({ code: 'MALFORMED', message: `${name}: ${err.message}` });
        if (sink) {
          sink.push(data, final);
          if (final) {
            if (name === 'xl/workbook.xml') workbookDone = true;
            else if (name === 'xl/_rels/workbook.xml.rels') relsDone = true;
            else if (sink !== sheetSink) sharedDone = true;
            resolveTarget();
          }
        } else if (keep) {
          if (data.length) keep.chunks.push(data.slice());
          keep.complete = final;
        }
      } catch (e) {
        failure ??= e;
      }
    };
    file.start();
  };

  const unzip = new Unzip(onFile);
  unzip.register(RawDeflate);
  let first = true;
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      unzip.push(chunk, final);
    } catch (e) {
      failure ??= e;
    }
    if (failure) throw asIngestError(failure);
  };
  for await (const chunk of bytes) {
    if (first) {
      if (chunk.length >= 2 && (chunk[0] !== 0x50 || chunk[1] !== 0x4b))
        fail({
          code: 'MALFORMED',
          message: 'the file is not an XLSX workbook (not a zip archive)',
        });
      first = false;
    }
    push(chunk, false);
    if (pending.length) {
      yield { columns: sheet.columns.names, rows: pending };
      pending = [];
    }
  }
  if (first) fail({ code: 'EMPTY_FILE', message: 'the file is empty' });
  push(new Uint8Array(0), true);
  if (!workbookDone)
    fail({ code: 'MALFORMED', message: 'the file is not an XLSX workbook (no xl/workbook.xml)' });
  relsDone = true;
  resolveTarget();
  const kept = target === undefined ? undefined : deferred.get(target);
  if (kept) {
    deferred.clear();
    const sink = new PartSink(target!, kept.compression, sheet);
    sheetSink = sink;
    const chunks = kept.chunks;
    for (let i = 0; i < chunks.length; i++) {
      try {
        sink.push(chunks[i]!, i === chunks.length - 1);
      } catch (e) {
        throw asIngestError(e);
      }
      chunks[i] = new Uint8Array(0);
      if (pending.length) {
        yield { columns: sheet.columns.names, rows: pending };
        pending = [];
      }
    }
    if (!chunks.length) sink.push(new Uint8Array(0), true);
  } else if (!sheetSink)
    fail({
      code: 'MALFORMED',
      message: `the workbook has no part ${target} for sheet "${info.sheet}"`,
    });
  if (!sheet.headerSeen)
    fail({ code: 'EMPTY_FILE', message: `sheet "${info.sheet}" is empty (no header)` });
  if (pending.length) yield { columns: sheet.columns.names, rows: pending };
}

function asIngestError(e: unknown): Error {
  if (e instanceof IngestError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new IngestError([{ code: 'MALFORMED', message: `the XLSX file is damaged: ${message}` }]);
}
