import { Inject, Injectable } from '@nestjs/common';
import { remapIdFields, snapshotId } from '@refinery/contracts';
import { lineError, parseLines } from '@refinery/server-core';
import { RecordsClient } from '../access/records-client.js';
import { AttributeCalculationRepository } from '../attribute-calculations/attribute-calculation.repository.js';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { labelListId } from '../lookup-lists/lookup-list.schema.js';
import { LookupListRepository } from '../lookup-lists/lookup-list.repository.js';
import { LookupTermRepository } from '../lookup-lists/lookup-term.repository.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { AttributeCalculationLine, HeuristicLine, LookupListLine, LookupTermLine } from './heuristics-part-lines.js';

export interface PageInput {
  salt: string;
  collection: string;
  line: number;
  lines: readonly unknown[];
}

/**
 * The heuristics part of a project-snapshot import, after records created the project, its tasks
 * and labels. New ids are `snapshotId(salt, old)` — the ids records stored the heuristics'
 * outputs under — and an extraction label's list becomes the list of the new label. Heuristics
 * keep their code, selection and read-only reason. `abort` removes everything of the project here.
 */
@Injectable()
export class HeuristicsPartImportService {
  constructor(
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(LookupListRepository) private readonly lists: LookupListRepository,
    @Inject(LookupTermRepository) private readonly terms: LookupTermRepository,
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(AttributeCalculationRepository) private readonly calculations: AttributeCalculationRepository,
  ) {}

  async page(scope: ProjectScope, input: PageInput): Promise<void> {
    const { salt, collection, line } = input;
    const id = (old: string) => snapshotId(salt, old);
    switch (collection) {
      case 'lookup-lists': {
        for (const [i, l] of parseLines(LookupListLine, collection, line, input.lines).entries()) {
          const labelId = l.labelId === null ? null : id(l.labelId);
          const listId = labelId === null ? id(l.id) : labelListId(labelId);
          try {
            await this.lists.insert(scope, {
              _id: listId,
              name: l.name,
              description: l.description,
              pythonVariable: l.pythonVariable,
              taskId: l.taskId === null ? null : id(l.taskId),
              labelId,
              createdAt: new Date(l.createdAt),
              updatedAt: new Date(l.updatedAt),
            });
          } catch (error) {
            if ((error as { code?: unknown }).code === 'CONFLICT') throw lineError(collection, line + i, 'name', (error as Error).message);
            throw error;
          }
        }
        return;
      }
      case 'lookup-terms': {
        const lists = new Map((await this.lists.list(scope)).map((l) => [l._id, l]));
        const lines = parseLines(LookupTermLine, collection, line, input.lines);
        // Consecutive terms of one list with the same flags go in one add (which keeps their order).
        let run: { listId: string; blacklisted: boolean; origin: LookupTermLine['origin']; values: string[] } | null = null;
        const flush = async () => {
          if (run) await this.terms.add(scope, run.listId, run.values, run.origin, run.blacklisted);
          run = null;
        };
        for (const [i, t] of lines.entries()) {
          const listId = this.mappedListId(lists, salt, t.listId);
          if (!listId) throw lineError(collection, line + i, 'listId', `lookup list ${t.listId} is not in lookup-lists.jsonl`);
          const current = run as { listId: string; blacklisted: boolean; origin: LookupTermLine['origin']; values: string[] } | null;
          if (current && current.listId === listId && current.blacklisted === t.blacklisted && current.origin === t.origin) current.values.push(t.value);
          else {
            await flush();
            run = { listId, blacklisted: t.blacklisted, origin: t.origin, values: [t.value] };
          }
        }
        await flush();
        return;
      }
      case 'heuristics': {
        const taskIds = new Set((await this.records.tasks(scope)).map((t) => t.id));
        for (const [i, h] of parseLines(HeuristicLine, collection, line, input.lines).entries()) {
          const taskId = id(h.taskId);
          if (!taskIds.has(taskId)) throw lineError(collection, line + i, 'taskId', `labeling task ${h.taskId} is not in the records part`);
          const config = h.config === null ? null : (remapIdFields(h.config, salt) as Record<string, unknown>);
          // An active learner's code mirrors its configuration: it follows the remapped one.
          const code = h.config !== null && config !== null && h.code === JSON.stringify(h.config, null, 2) ? JSON.stringify(config, null, 2) : h.code;
          try {
            await this.heuristics.insert(scope, {
              _id: id(h.id),
              kind: h.kind,
              name: h.name,
              description: h.description,
              language: h.language,
              code,
              config,
              taskId,
              selected: h.selected,
              readOnlyReason: h.readOnlyReason,
              createdBy: h.createdBy,
              createdAt: new Date(h.createdAt),
              updatedAt: new Date(h.updatedAt),
            });
          } catch (error) {
            if ((error as { code?: unknown }).code === 'CONFLICT') throw lineError(collection, line + i, 'name', (error as Error).message);
            throw error;
          }
        }
        return;
      }
      case 'attribute-calculations': {
        for (const [i, a] of parseLines(AttributeCalculationLine, collection, line, input.lines).entries()) {
          try {
            await this.calculations.insert(scope, {
              _id: id(a.id),
              name: a.name,
              dataType: a.dataType,
              language: a.language,
              code: a.code,
              createdBy: a.createdBy,
              createdAt: new Date(a.createdAt),
              updatedAt: new Date(a.updatedAt),
            });
          } catch (error) {
            if ((error as { code?: unknown }).code === 'CONFLICT') throw lineError(collection, line + i, 'name', (error as Error).message);
            throw error;
          }
        }
        return;
      }
      default:
        throw lineError(collection, line, '', `the heuristics part has no collection "${collection}"`);
    }
  }

  /** The new id of an archived list: a label's list by its label, any other by its own id. */
  private mappedListId(lists: Map<string, { labelId: string | null }>, salt: string, oldId: string): string | null {
    const derived = snapshotId(salt, oldId);
    if (lists.has(derived)) return derived;
    if (oldId.startsWith('label-')) {
      const byLabel = labelListId(snapshotId(salt, oldId.slice('label-'.length)));
      if (lists.has(byLabel)) return byLabel;
    }
    return null;
  }

  async counts(scope: ProjectScope): Promise<Record<string, number>> {
    const [lists, heuristics, calculations, terms] = await Promise.all([this.lists.list(scope), this.heuristics.list(scope), this.calculations.list(scope), this.terms.byList(scope)]);
    let termCount = 0;
    for (const t of terms.values()) termCount += t.length;
    return { 'lookup-lists': lists.length, 'lookup-terms': termCount, heuristics: heuristics.length, 'attribute-calculations': calculations.length };
  }

  /** Everything of the project here (the import may have written any of it). */
  async abort(scope: ProjectScope): Promise<void> {
    await Promise.all([this.heuristics.purge(scope.projectId), this.lists.purge(scope.projectId), this.terms.drop(scope.projectId), this.calculations.purge(scope.projectId)]);
  }
}
