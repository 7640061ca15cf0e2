import { Inject, Injectable } from '@nestjs/common';
import { SNAPSHOT_PAGE_BYTES, type SnapshotPartExportPage } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AttributeCalculationRepository } from '../attribute-calculations/attribute-calculation.repository.js';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { LookupListRepository } from '../lookup-lists/lookup-list.repository.js';
import { LookupTermRepository } from '../lookup-lists/lookup-term.repository.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { heuristicsPartCollections, type HeuristicsPartCollection, type LookupTermLine } from './heuristics-part-lines.js';

const LINES_PER_PAGE = 2_000;

/**
 * The heuristics part of a project snapshot: lookup lists, their terms (in the order they were
 * added), labeling functions with their code, and computed-attribute definitions. Runs, their
 * logs and the last-run state are history and stay behind; outputs travel with the records part.
 * Cursor: `<collection index>:<offset>`.
 */
@Injectable()
export class HeuristicsPartExportService {
  constructor(
    @Inject(LookupListRepository) private readonly lists: LookupListRepository,
    @Inject(LookupTermRepository) private readonly terms: LookupTermRepository,
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(AttributeCalculationRepository) private readonly calculations: AttributeCalculationRepository,
  ) {}

  async page(scope: ProjectScope, cursor: string | null): Promise<SnapshotPartExportPage> {
    const [c, offset] = parseCursor(cursor);
    const collection = heuristicsPartCollections[c];
    if (!collection) throw new AppError('VALIDATION_FAILED', 'payload.cursor: past the last collection');
    const all = await this.read(scope, collection);
    const lines: unknown[] = [];
    let bytes = 2;
    for (let i = offset; i < all.length && lines.length < LINES_PER_PAGE; i++) {
      const size = Buffer.byteLength(JSON.stringify(all[i])) + 1;
      if (lines.length > 0 && bytes + size > SNAPSHOT_PAGE_BYTES) break;
      lines.push(all[i]);
      bytes += size;
    }
    const end = offset + lines.length;
    const next = end < all.length ? `${c}:${end}` : c + 1 < heuristicsPartCollections.length ? `${c + 1}:0` : null;
    return { collection, lines, cursor: next };
  }

  private async read(scope: ProjectScope, collection: HeuristicsPartCollection): Promise<unknown[]> {
    switch (collection) {
      case 'lookup-lists':
        return (await this.lists.list(scope)).map((l) => ({
          id: l._id,
          name: l.name,
          description: l.description,
          pythonVariable: l.pythonVariable,
          taskId: l.taskId,
          labelId: l.labelId,
          createdAt: l.createdAt.toISOString(),
          updatedAt: l.updatedAt.toISOString(),
        }));
      case 'lookup-terms': {
        const byList = await this.terms.byList(scope);
        const out: LookupTermLine[] = [];
        for (const list of await this.lists.list(scope)) for (const t of byList.get(list._id) ?? []) out.push({ listId: list._id, value: t.value, blacklisted: t.blacklisted, origin: t.origin });
        return out;
      }
      case 'heuristics':
        return (await this.heuristics.list(scope)).map((h) => ({
          id: h._id,
          kind: h.kind,
          name: h.name,
          description: h.description,
          language: h.language,
          code: h.code,
          config: h.config ?? null,
          taskId: h.taskId,
          selected: h.selected,
          readOnlyReason: h.readOnlyReason,
          createdBy: h.createdBy,
          createdAt: h.createdAt.toISOString(),
          updatedAt: h.updatedAt.toISOString(),
        }));
      case 'attribute-calculations':
        return (await this.calculations.list(scope)).map((a) => ({
          id: a._id,
          name: a.name,
          dataType: a.dataType,
          language: a.language,
          code: a.code,
          createdBy: a.createdBy,
          createdAt: a.createdAt.toISOString(),
          updatedAt: a.updatedAt.toISOString(),
        }));
    }
  }
}

function parseCursor(cursor: string | null): [number, number] {
  if (cursor === null) return [0, 0];
  const m = /^(\d+):(\d+)$/.exec(cursor);
  if (!m) throw new AppError('VALIDATION_FAILED', 'payload.cursor: not a cursor of this export');
  return [Number(m[1]), Number(m[2])];
}
