import { Inject, Injectable } from '@nestjs/common';
import { HeuristicEvents, type Heuristic, type HeuristicLanguage, type RunSummary } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, EventPublisher } from '@refinery/server-kit';
import { RecordsClient } from '../access/records-client.js';
import { LastRunRepository } from '../runs/last-run.repository.js';
import { RunCancelRepository } from '../runs/run-cancel.repository.js';
import { RunSlotRepository } from '../runs/run-slot.repository.js';
import { RunRepository } from '../runs/run.repository.js';
import { invalid, messageOf, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { HeuristicRepository, type HeuristicChanges } from './heuristic.repository.js';
import { spacyFeatureReason } from '../snapshot-import/unsupported-features.js';
import type { HeuristicDoc } from './heuristic.schema.js';

export interface NewHeuristic {
  name: string;
  description: string;
  language: HeuristicLanguage;
  code: string;
  taskId: string;
  selected: boolean;
}

/** Labeling functions: their definition; runs are RunsService's. */
@Injectable()
export class HeuristicsService {
  constructor(
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(LastRunRepository) private readonly lastRuns: LastRunRepository,
    @Inject(RunSlotRepository) private readonly slots: RunSlotRepository,
    @Inject(RunCancelRepository) private readonly cancels: RunCancelRepository,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(scope: ProjectScope, input: NewHeuristic): Promise<Heuristic> {
    await this.requireTask(scope, input.taskId);
    return this.insert(scope, { kind: 'LABELING_FUNCTION', ...input, config: null });
  }

  /** Stores a new heuristic of any kind (its task and code already checked). */
  async insert(scope: ProjectScope, input: Pick<HeuristicDoc, 'kind' | 'name' | 'description' | 'language' | 'code' | 'config' | 'taskId' | 'selected'>): Promise<Heuristic> {
    const now = new Date();
    const doc: Omit<HeuristicDoc, 'orgId' | 'projectId' | 'nameKey'> = {
      _id: newId(),
      ...input,
      readOnlyReason: null,
      createdBy: scope.actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await this.heuristics.insert(scope, doc);
    this.changed(scope, doc._id, 'created');
    return this.get(scope, doc._id);
  }

  async list(scope: ProjectScope, taskId?: string): Promise<Heuristic[]> {
    const docs = await this.heuristics.list(scope, taskId);
    const lastRuns = await this.lastRuns.of(docs.map((d) => d._id));
    return docs.map((d) => view(d, lastRuns.get(d._id) ?? null));
  }

  async get(scope: ProjectScope, id: string): Promise<Heuristic> {
    const doc = await this.require(scope, id);
    return view(doc, (await this.lastRuns.of([id])).get(id) ?? null);
  }

  /** `learner`: an active learner's new configuration, already checked (ActiveLearnersService.reconfigure). */
  async update(scope: ProjectScope, id: string, userChanges: HeuristicChanges, learner?: Pick<HeuristicDoc, 'code' | 'config'>): Promise<Heuristic> {
    const current = await this.require(scope, id);
    if (current.kind === 'ACTIVE_LEARNER' && (userChanges.code !== undefined || userChanges.language !== undefined)) {
      throw invalid(userChanges.code !== undefined ? 'code' : 'language', 'an active learner has no code; change its config');
    }
    if (current.kind !== 'ACTIVE_LEARNER' && (learner || userChanges.config !== undefined)) throw invalid('config', 'only active learners have a config');
    const changes: HeuristicChanges = { ...userChanges, ...learner };
    if (changes.taskId !== undefined && changes.taskId !== current.taskId) await this.requireTask(scope, changes.taskId);
    if (Object.keys(changes).length) {
      // An imported function stays read-only until its code no longer uses what is missing here.
      const readOnly = current.readOnlyReason !== null && (changes.code !== undefined || changes.language !== undefined) && current.kind === 'LABELING_FUNCTION';
      const recheck = readOnly ? { readOnlyReason: spacyFeatureReason(changes.code ?? current.code) } : {};
      await this.heuristics.update(scope, id, { ...changes, ...recheck });
      // Outputs belong to a task: moving the function to another task clears them on the old one.
      if (changes.taskId !== undefined && changes.taskId !== current.taskId) await this.clearOutputs(scope, id, current.taskId);
      this.changed(scope, id, changes.selected !== undefined && Object.keys(changes).length === 1 ? 'selected' : 'updated');
    }
    return this.get(scope, id);
  }

  async select(scope: ProjectScope, ids: readonly string[], selected: boolean): Promise<Heuristic[]> {
    const unique = [...new Set(ids)];
    const docs = await Promise.all(unique.map((id) => this.require(scope, id)));
    for (const doc of docs) {
      if (doc.selected === selected) continue;
      await this.heuristics.update(scope, doc._id, { selected });
      this.changed(scope, doc._id, 'selected');
    }
    return Promise.all(unique.map((id) => this.get(scope, id)));
  }

  /** Removes the heuristic and its runs here and its outputs in records (an empty generation). */
  async delete(scope: ProjectScope, id: string): Promise<void> {
    const doc = await this.require(scope, id);
    // A waiting run is withdrawn, a running one stops at its next chunk (and its commit would
    // fail anyway: the empty generation below supersedes it).
    const pending = await this.slots.holder('pending', id);
    if (pending) await this.slots.release('pending', id, pending);
    const active = await this.slots.holder('active', id);
    if (active) await this.cancels.request(scope.projectId, active);
    await this.clearOutputs(scope, id, doc.taskId);
    await this.runs.deleteOf(scope, id);
    await this.lastRuns.delete(id);
    await this.heuristics.delete(scope, id);
    this.changed(scope, id, 'deleted');
  }

  /** Replaces the heuristic's outputs in records with nothing (an empty generation). */
  private async clearOutputs(scope: ProjectScope, id: string, taskId: string): Promise<void> {
    const ref = { source: 'HEURISTIC' as const, sourceId: id, taskId };
    try {
      const { generation } = await this.records.replaceSource(scope, { ...ref, step: 'begin' });
      await this.records.replaceSource(scope, { ...ref, step: 'commit', generation });
    } catch (error) {
      // The task may be gone already (records deleted its associations with it).
      this.logger.info({ heuristicId: id, taskId, err: messageOf(error) }, 'outputs of a heuristic not cleared in records');
    }
  }

  async require(scope: ProjectScope, id: string): Promise<HeuristicDoc> {
    const doc = await this.heuristics.findById(scope, id);
    if (!doc) throw notFound('heuristic', id);
    return doc;
  }

  private async requireTask(scope: ProjectScope, taskId: string): Promise<void> {
    const task = (await this.records.tasks(scope)).find((t) => t.id === taskId);
    if (!task) throw invalid('taskId', `labeling task ${taskId} does not exist in this project`);
  }

  private changed(scope: ProjectScope, heuristicId: string, change: 'created' | 'updated' | 'selected' | 'deleted'): void {
    this.events.publish(HeuristicEvents.changed, scope.projectId, { projectId: scope.projectId, heuristicId, change });
  }
}

function view(doc: HeuristicDoc, lastRun: RunSummary | null): Heuristic {
  return {
    id: doc._id,
    kind: doc.kind,
    name: doc.name,
    description: doc.description,
    language: doc.language ?? null,
    code: doc.code,
    config: doc.config ?? null,
    taskId: doc.taskId,
    selected: doc.selected,
    readOnlyReason: doc.readOnlyReason ?? null,
    lastRun,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
