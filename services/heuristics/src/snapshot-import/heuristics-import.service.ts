import { Inject, Injectable } from '@nestjs/common';
import { parseActiveLearnerConfig, type ActiveLearnerConfig } from '@refinery/learners';
import { learnableTask } from '../active-learners/active-learner-run.js';
import { configCode } from '../active-learners/config-code.js';
import { refineryLearnerConfig } from '../active-learners/refinery-learner-code.js';
import type { HeuristicsImportReply, ImportedHeuristic, ImportedLookupList, LabelingTask } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { RecordsClient } from '../access/records-client.js';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { LookupListRepository } from '../lookup-lists/lookup-list.repository.js';
import { LookupListsService } from '../lookup-lists/lookup-lists.service.js';
import { LookupTermRepository } from '../lookup-lists/lookup-term.repository.js';
import { CodeExecutor } from '../sandbox/code-executor.service.js';
import { codePlan } from '../sandbox/code-plan.js';
import { invalid } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { heuristicTypeReason, spacyFeatureReason } from './unsupported-features.js';

/**
 * The heuristics part of a project import: lookup lists with their terms, then the heuristics
 * with their code and ids. What cannot run here is kept read-only with the reason.
 */
@Injectable()
export class HeuristicsImportService {
  constructor(
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(LookupListRepository) private readonly listRepository: LookupListRepository,
    @Inject(LookupTermRepository) private readonly terms: LookupTermRepository,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
    @Inject(CodeExecutor) private readonly executor: CodeExecutor,
  ) {}

  async apply(scope: ProjectScope, lookupLists: readonly ImportedLookupList[], heuristics: readonly ImportedHeuristic[]): Promise<HeuristicsImportReply> {
    let terms = 0;
    for (const list of lookupLists) terms += await this.importList(scope, list);
    const [tasks, attributes, knowledge] = await Promise.all([this.records.tasks(scope), this.records.attributes(scope), this.lists.knowledge(scope)]);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    heuristics.forEach((h, i) => {
      if (!byId.has(h.taskId)) throw invalid(`heuristics.${i}.taskId`, `labeling task ${h.taskId} does not exist in this project`);
    });
    // Ids are global: one that another project holds (the same snapshot imported twice without new ids) is refused, not skipped.
    const owners = await Promise.all(heuristics.map((h) => this.heuristics.projectOf(h.id)));
    const foreign = owners.findIndex((owner) => owner !== null && owner !== scope.projectId);
    if (foreign >= 0) throw new AppError('CONFLICT', `payload.heuristics.${foreign}.id: heuristic id ${heuristics[foreign]?.id} is taken by another project; import with new ids`);
    const readOnly: HeuristicsImportReply['readOnly'] = [];
    let imported = 0;
    for (const [i, h] of heuristics.entries()) {
      if (owners[i] !== null) continue;
      const task = byId.get(h.taskId) as LabelingTask;
      const learner = h.type === 'ACTIVE_LEARNING' ? learnerFrom(h.code, task) : null;
      const reason = learner
        ? learner.reason
        : (heuristicTypeReason(h.type) ?? spacyFeatureReason(h.code) ?? (await this.setupError(task, attributes, h, knowledge)));
      const now = new Date();
      await this.heuristics.insert(scope, {
        _id: h.id,
        kind: learner?.config ? 'ACTIVE_LEARNER' : h.type === 'LABELING_FUNCTION' ? 'LABELING_FUNCTION' : 'IMPORTED',
        name: await this.freeName(scope, h.name),
        description: learner?.notes.length ? [h.description, ...learner.notes].filter(Boolean).join('\n') : h.description,
        language: learner?.config ? null : h.language,
        // refinery stores no code for some types (active learners built from settings).
        code: learner?.config ? configCode(learner.config) : h.code.trim() === '' ? `# refinery ${h.type} (no code in the snapshot)` : h.code,
        config: learner?.config ?? null,
        taskId: h.taskId,
        selected: h.selected,
        readOnlyReason: reason,
        createdBy: scope.actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      imported++;
      if (reason) readOnly.push({ id: h.id, name: h.name, reason });
    }
    return { heuristics: imported, readOnly, lookupLists: lookupLists.length, terms };
  }

  /** A list of that name gets the terms it lacks; otherwise the list is created. Returns terms added. */
  private async importList(scope: ProjectScope, list: ImportedLookupList): Promise<number> {
    const id = (await this.listNamed(scope, list.name)) ?? (await this.createList(scope, list));
    const normal = list.terms.filter((t) => !t.blacklisted).map((t) => t.value);
    const black = list.terms.filter((t) => t.blacklisted).map((t) => t.value);
    return (await this.terms.add(scope, id, normal, 'manual')) + (await this.terms.add(scope, id, black, 'manual', true));
  }

  private async listNamed(scope: ProjectScope, name: string): Promise<string | null> {
    return (await this.listRepository.list(scope)).find((l) => l.nameKey === name.toLowerCase())?._id ?? null;
  }

  /** The list may appear meanwhile (records' task events create one per extraction label): then that one is used. */
  private async createList(scope: ProjectScope, list: ImportedLookupList): Promise<string> {
    try {
      return (await this.lists.create(scope, { name: list.name, description: list.description, pythonVariable: list.pythonVariable })).id;
    } catch (error) {
      const found = (error as { code?: unknown }).code === 'CONFLICT' ? await this.listNamed(scope, list.name) : null;
      if (!found) throw error;
      return found;
    }
  }

  private async setupError(task: LabelingTask, attributes: Parameters<typeof codePlan>[1], h: ImportedHeuristic, knowledge: Record<string, string[]>): Promise<string | null> {
    try {
      return await this.executor.setupError(codePlan(task, attributes, h.code, h.language, knowledge));
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private async freeName(scope: ProjectScope, name: string): Promise<string> {
    let candidate = name;
    for (let n = 2; await this.heuristics.nameTaken(scope, candidate); n++) candidate = `${name} (${n})`;
    return candidate;
  }
}

/**
 * A refinery active learner becomes ours when its classifier is one we offer and its task is a
 * classification (its config is checked against the embedding when it runs: the vectors may be
 * imported after the heuristics).
 */
function learnerFrom(code: string, task: LabelingTask): { config: ActiveLearnerConfig | null; reason: string | null; notes: string[] } {
  const problem = learnableTask(task);
  if (problem) return { config: null, reason: problem, notes: [] };
  const mapped = refineryLearnerConfig(code);
  if (!mapped.ok) return { config: null, reason: mapped.reason, notes: [] };
  try {
    return { config: parseActiveLearnerConfig(mapped.config), reason: null, notes: mapped.notes };
  } catch (error) {
    return { config: null, reason: error instanceof Error ? error.message : String(error), notes: [] };
  }
}
