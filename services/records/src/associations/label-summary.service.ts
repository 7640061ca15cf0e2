import { Inject, Injectable } from '@nestjs/common';
import type { TaskKind } from '@refinery/contracts';
import { GenerationRepository } from '../generations/generation.repository.js';
import { RECORDS_SCOPE, visibleAssociations } from '../generations/generation-rules.js';
import { RecordRepository, type SummaryUpdate } from '../records/record.repository.js';
import type { ProjectId } from '../shared/project-scope.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { AssociationRepository } from './association.repository.js';
import type { AssociationDoc } from './association.schema.js';
import { summarize } from './label-summary.js';

const BATCH = 500;

/**
 * Keeps the per-task label summaries on the records in step with the associations (the source
 * of truth), recomputing them from the visible associations of the records that changed.
 */
@Injectable()
export class LabelSummaryService {
  constructor(
    @Inject(AssociationRepository) private readonly associations: AssociationRepository,
    @Inject(RecordRepository) private readonly records: RecordRepository,
    @Inject(TaskRepository) private readonly tasks: TaskRepository,
    @Inject(GenerationRepository) private readonly generations: GenerationRepository,
  ) {}

  /** Recomputes one task's summaries (or every task's, with `taskId` null) of these records. */
  async recompute(projectId: ProjectId, taskId: string | null, recordIds: readonly string[]): Promise<void> {
    if (!recordIds.length) return;
    const committedOf = await this.generations.committedAll(projectId);
    const kinds = new Map((await this.tasks.list(projectId)).map((t) => [t._id, t.kind]));
    const taskIds = taskId ? [taskId] : [...kinds.keys()];
    const generation = committedOf(RECORDS_SCOPE);
    for (let i = 0; i < recordIds.length; i += BATCH) {
      const chunk = recordIds.slice(i, i + BATCH);
      const stored = await this.associations.forRecords(projectId, chunk, taskId ?? undefined);
      const grouped = group(visibleAssociations(stored, committedOf));
      const updates: SummaryUpdate[] = [];
      for (const recordId of chunk) {
        for (const t of taskIds) {
          const kind: TaskKind | undefined = kinds.get(t);
          if (!kind) continue;
          updates.push({ recordId, taskId: t, summary: summarize(kind, grouped.get(`${recordId}|${t}`) ?? []) });
        }
      }
      await this.records.setSummaries(projectId, generation, updates);
    }
  }
}

function group(associations: readonly AssociationDoc[]): Map<string, AssociationDoc[]> {
  const out = new Map<string, AssociationDoc[]>();
  for (const a of associations) {
    const key = `${a.recordId}|${a.taskId}`;
    const list = out.get(key) ?? [];
    list.push(a);
    out.set(key, list);
  }
  return out;
}
