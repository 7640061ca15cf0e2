import { Inject, Injectable } from '@nestjs/common';
import type { RecordData, UploadProblem } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE } from '../generations/generation-rules.js';
import { newId } from '../shared/ids.js';
import type { ProjectId } from '../shared/project-scope.js';
import type { StoredRecord } from '../store/project-state.js';
import { ProjectStore } from '../store/project-store.service.js';
import { recordKey } from './record-key.js';
import { tokenizeRecord } from './text-tokens.js';

/** One incoming record; its values are already checked against the schema. */
export interface IncomingRow {
  /** Position in the source, used in problems (row number of a file, index of a request). */
  row: number;
  data: RecordData;
}

export interface WrittenRow<R extends IncomingRow> {
  row: R;
  recordId: string;
}

export interface WriteOptions<R extends IncomingRow> {
  /** Skip rows with problems (reported) instead of failing the whole write. */
  lenient: boolean;
  /** Names a row in messages, e.g. `row 12` or `records.3`. */
  rowLabel?: (row: number) => string;
  /** After each stored batch, with the record id each row got (e.g. to import its labels). */
  onBatch?: (rows: readonly WrittenRow<R>[], generation: number) => Promise<void>;
  onProgress?: (phase: 'writing' | 'copying' | 'committing', rows: number) => Promise<void> | void;
}

export interface WriteResult {
  generation: number;
  created: number;
  updated: number;
  skipped: UploadProblem[];
  skippedCount: number;
}

/** Records per stored page: ~100–300 KB of JSON before compression for short texts. */
export const RECORD_PAGE_SIZE = 1_000;
const MAX_LISTED_PROBLEMS = 1_000;
const PAGES_IN_FLIGHT = 3;

/**
 * Writes records as a new generation of record pages: incoming rows (upserted by primary key:
 * an existing record keeps its id, order and labels) stream out in pages as they come, then the
 * records the input did not touch, then one flip of the committed pointer. Until the flip readers
 * see the previous generation; a failure (or a crash) leaves it in force and the partial pages
 * are removed (or collected by the next write's clean-up).
 */
@Injectable()
export class RecordWriter {
  constructor(
    @Inject(ProjectStore) private readonly store: ProjectStore,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
  ) {}

  async write<R extends IncomingRow>(
    projectId: ProjectId,
    batches: AsyncIterable<readonly R[]> | Iterable<readonly R[]>,
    options: WriteOptions<R>,
  ): Promise<WriteResult> {
    const attributes = await this.attributes.list(projectId);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
    const computed = attributes.filter((a) => a.origin === 'COMPUTED').map((a) => a.name);
    const label = options.rowLabel ?? ((row: number) => `row ${row}`);

    // Start from what is stored now, not from a possibly stale cached view.
    this.store.invalidate(projectId);
    const previous = await this.store.state(projectId);
    const generation = await this.generations.begin(projectId, RECORDS_SCOPE);
    const seen = new Map<string, number>();
    const replaced = new Map<string, StoredRecord>();
    const result: WriteResult = { generation, created: 0, updated: 0, skipped: [], skippedCount: 0 };
    let buffer: StoredRecord[] = [];
    let page = 0;
    // Pages are written while the next rows are parsed (FerretDB works on the other core), with
    // at most PAGES_IN_FLIGHT outstanding so memory stays bounded.
    const inFlight = new Set<Promise<void>>();
    let writeError: unknown = null;
    const flush = async (force: boolean): Promise<void> => {
      while (buffer.length >= RECORD_PAGE_SIZE || (force && buffer.length)) {
        const out = buffer.slice(0, RECORD_PAGE_SIZE);
        buffer = buffer.slice(RECORD_PAGE_SIZE);
        const write = this.store.writeRecordPage(projectId, generation, page++, out).catch((error: unknown) => {
          writeError ??= error;
        });
        inFlight.add(write);
        void write.finally(() => inFlight.delete(write));
        while (inFlight.size >= PAGES_IN_FLIGHT) await Promise.race(inFlight);
        if (writeError) throw writeError;
      }
      if (force) await Promise.all(inFlight);
      if (writeError) throw writeError;
    };
    try {
      let nextSeq = previous.maxSeq() + 1;
      let written = 0;
      for await (const batch of batches) {
        const accepted: { row: R; key: string }[] = [];
        for (const row of batch) {
          const key = primaryKey.length ? recordKey(primaryKey, row.data) : newId();
          const problem =
            typeof key !== 'string'
              ? { row: row.row, column: key.missing, code: 'MISSING_PRIMARY_KEY', message: `${label(row.row)}: primary key "${key.missing}" is empty` }
              : seen.has(key)
                ? { row: row.row, code: 'DUPLICATE_PRIMARY_KEY', message: `${label(row.row)}: primary key ${key} repeats ${label(seen.get(key) ?? 0)}` }
                : null;
          if (problem) {
            if (!options.lenient) throw new AppError('VALIDATION_FAILED', problem.message, { problems: [problem] });
            result.skippedCount++;
            if (result.skipped.length < MAX_LISTED_PROBLEMS) result.skipped.push(problem);
            continue;
          }
          seen.set(key as string, row.row);
          accepted.push({ row, key: key as string });
        }
        const ids: string[] = [];
        for (const { row, key } of accepted) {
          const old = previous.recordByKey(key);
          // An upserted record keeps its computed values (the file does not carry them).
          const data = computed.length ? keepComputed(row.data, old?.data ?? {}, computed) : row.data;
          const record: StoredRecord = {
            recordId: old?.recordId ?? newId(),
            seq: old?.seq ?? nextSeq++,
            key,
            data,
            tokens: tokenizeRecord(textAttributes, data),
          };
          ids.push(record.recordId);
          if (old) {
            result.updated++;
            replaced.set(old.recordId, record);
          } else {
            result.created++;
            buffer.push(record);
          }
        }
        await flush(false);
        await options.onBatch?.(
          accepted.map((a, i) => ({ row: a.row, recordId: ids[i] ?? '' })),
          generation,
        );
        written += accepted.length;
        await options.onProgress?.('writing', written);
      }
      let copied = 0;
      for (const old of previous.ordered()) {
        buffer.push(replaced.get(old.recordId) ?? old);
        if (!replaced.has(old.recordId)) copied++;
        if (buffer.length >= RECORD_PAGE_SIZE) {
          await flush(false);
          await options.onProgress?.('copying', copied);
        }
      }
      await flush(true);
      await options.onProgress?.('committing', written);
      if (!(await this.generations.commit(projectId, RECORDS_SCOPE, generation))) {
        throw new AppError('CONFLICT', 'a newer write to the records of this project superseded this one; nothing was changed');
      }
    } catch (error) {
      await Promise.all(inFlight);
      await this.discard(projectId, generation);
      throw error;
    }
    this.store.invalidate(projectId);
    // After the flip the older pages are garbage (a failure here is collected by the next write).
    await this.store.deletePages(projectId, RECORDS_SCOPE, { below: generation });
    return result;
  }

  private async discard(projectId: ProjectId, generation: number): Promise<void> {
    await this.generations.abort(projectId, RECORDS_SCOPE, generation);
    await this.store.deletePages(projectId, RECORDS_SCOPE, { exactly: generation });
    await this.store.deleteOpsOfGeneration(projectId, generation);
  }
}

function keepComputed(incoming: RecordData, old: RecordData, computed: readonly string[]): RecordData {
  const data = { ...incoming };
  for (const name of computed) if ((data[name] ?? null) === null) data[name] = old[name] ?? null;
  return data;
}
