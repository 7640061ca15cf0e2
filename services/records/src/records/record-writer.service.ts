import { Inject, Injectable } from '@nestjs/common';
import type { RecordData, UploadProblem } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeRepository } from '../attributes/attribute.repository.js';
import { AssociationRepository } from '../associations/association.repository.js';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE } from '../generations/generation-rules.js';
import { newId } from '../shared/ids.js';
import type { ProjectId } from '../shared/project-scope.js';
import { recordKey } from './record-key.js';
import { RecordRepository, type NewRecordDoc } from './record.repository.js';
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

const COPY_BATCH = 1_000;
const MAX_LISTED_PROBLEMS = 1_000;

/**
 * Writes records as a new generation: incoming rows (upserted by primary key: an existing
 * record keeps its id, order and labels), then a copy of every record the input did not touch,
 * then one flip of the committed pointer. Until the flip readers see the previous generation;
 * a failure (or a crash) leaves it in force and the partial generation is removed or collected.
 */
@Injectable()
export class RecordWriter {
  constructor(
    @Inject(RecordRepository) private readonly records: RecordRepository,
    @Inject(AttributeRepository) private readonly attributes: AttributeRepository,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
    @Inject(AssociationRepository) private readonly associations: AssociationRepository,
  ) {}

  async write<R extends IncomingRow>(
    projectId: ProjectId,
    batches: AsyncIterable<readonly R[]> | Iterable<readonly R[]>,
    options: WriteOptions<R>,
  ): Promise<WriteResult> {
    const attributes = await this.attributes.list(projectId);
    const primaryKey = attributes.filter((a) => a.isPrimaryKey).map((a) => a.name);
    const textAttributes = attributes.filter((a) => a.dataType === 'TEXT').map((a) => a.name);
    const label = options.rowLabel ?? ((row: number) => `row ${row}`);

    const generation = await this.generations.begin(projectId, RECORDS_SCOPE);
    const previous = await this.generations.committed(projectId, RECORDS_SCOPE);
    const seen = new Map<string, number>();
    const result: WriteResult = { generation, created: 0, updated: 0, skipped: [], skippedCount: 0 };
    try {
      let nextSeq = (await this.records.maxSeq(projectId, previous)) + 1;
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
        const existing = previous
          ? new Map((await this.records.findByKeys(projectId, previous, accepted.map((a) => a.key))).map((d) => [d.key, d]))
          : new Map();
        const docs: NewRecordDoc[] = accepted.map(({ row, key }) => {
          const old = existing.get(key);
          if (old) result.updated++;
          else result.created++;
          return {
            recordId: old?.recordId ?? newId(),
            generation,
            seq: old?.seq ?? nextSeq++,
            key,
            data: row.data,
            tokens: tokenizeRecord(textAttributes, row.data),
            labels: old?.labels ?? {},
          };
        });
        await this.records.insertMany(projectId, docs);
        await options.onBatch?.(
          accepted.map((a, i) => ({ row: a.row, recordId: docs[i]?.recordId ?? '' })),
          generation,
        );
        written += accepted.length;
        await options.onProgress?.('writing', written);
      }
      if (previous) {
        let copied = 0;
        for await (const olds of this.records.batches(projectId, previous, COPY_BATCH)) {
          const untouched = olds.filter((d) => !seen.has(d.key));
          await this.records.insertMany(
            projectId,
            untouched.map(({ _id: _ignored, projectId: _p, ...d }) => ({ ...d, generation })),
          );
          copied += untouched.length;
          await options.onProgress?.('copying', copied);
        }
      }
      await options.onProgress?.('committing', written);
      if (!(await this.generations.commit(projectId, RECORDS_SCOPE, generation))) {
        throw new AppError('CONFLICT', 'a newer write to the records of this project superseded this one; nothing was changed');
      }
    } catch (error) {
      await this.discard(projectId, generation);
      throw error;
    }
    // After the flip: the old generation is garbage (a failure here is collected by the next write).
    await this.records.deleteGenerationsBelow(projectId, generation);
    return result;
  }

  private async discard(projectId: ProjectId, generation: number): Promise<void> {
    await this.generations.abort(projectId, RECORDS_SCOPE, generation);
    await this.records.deleteGeneration(projectId, generation);
    await this.associations.deleteImported(projectId, generation);
  }
}
