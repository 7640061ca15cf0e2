import { Inject, Injectable } from '@nestjs/common';
import type { ActiveLearnerConfigJson, Heuristic } from '@refinery/contracts';
import { LearnerError, parseActiveLearnerConfig, type ActiveLearnerConfig } from '@refinery/learners';
import { EmbeddingsClient } from '../access/embeddings-client.js';
import { RecordsClient } from '../access/records-client.js';
import { HeuristicsService } from '../heuristics/heuristics.service.js';
import { RunRepository } from '../runs/run.repository.js';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { invalid, notFound } from '../shared/errors.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { learnableTask } from './active-learner-run.js';
import { configCode } from './config-code.js';

export interface NewActiveLearner {
  name: string;
  description: string;
  taskId: string;
  config: ActiveLearnerConfigJson;
  selected: boolean;
}

/**
 * Active learners as heuristics: created and reconfigured here, run by the run job like labeling
 * functions (RunExecutor → ActiveLearnerRun), with their training records kept per run.
 */
@Injectable()
export class ActiveLearnersService {
  constructor(
    @Inject(HeuristicsService) private readonly heuristics: HeuristicsService,
    @Inject(HeuristicRepository) private readonly repository: HeuristicRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(EmbeddingsClient) private readonly embeddings: EmbeddingsClient,
  ) {}

  async create(scope: ProjectScope, input: NewActiveLearner): Promise<Heuristic> {
    const task = (await this.records.tasks(scope)).find((t) => t.id === input.taskId);
    if (!task) throw invalid('taskId', `labeling task ${input.taskId} does not exist in this project`);
    const problem = learnableTask(task);
    if (problem) throw invalid('taskId', problem);
    const config = await this.checkConfig(scope, input.config);
    return this.heuristics.insert(scope, {
      kind: 'ACTIVE_LEARNER',
      name: input.name,
      description: input.description,
      language: null,
      code: configCode(config),
      config,
      taskId: input.taskId,
      selected: input.selected,
    });
  }

  /** A new configuration for an existing learner (checked like at creation). */
  async reconfigure(scope: ProjectScope, id: string, raw: ActiveLearnerConfigJson): Promise<{ code: string; config: ActiveLearnerConfig }> {
    const doc = await this.heuristics.require(scope, id);
    if (doc.kind !== 'ACTIVE_LEARNER') throw invalid('config', 'only active learners have a config');
    const config = await this.checkConfig(scope, raw);
    return { code: configCode(config), config };
  }

  /** Field-by-field validation, and the embedding must exist and be attribute-level. */
  private async checkConfig(scope: ProjectScope, raw: ActiveLearnerConfigJson): Promise<ActiveLearnerConfig> {
    let config: ActiveLearnerConfig;
    try {
      config = parseActiveLearnerConfig(raw);
    } catch (error) {
      if (error instanceof LearnerError) throw invalid('config', error.message);
      throw error;
    }
    const embedding = await this.embeddings.resolve(scope, config.embedding, 'config.embedding');
    if (embedding.level !== 'classification') {
      throw invalid('config.embedding', `embedding "${embedding.name}" is token-level; active learners need an attribute-level (classification) embedding`);
    }
    return config;
  }

  /** Per learner of the task: the records its last successful run trained on. */
  async trainingRecords(scope: ProjectScope, taskId: string): Promise<{ heuristicId: string; recordIds: string[] }[]> {
    const learners = (await this.repository.list(scope, taskId)).filter((h) => h.kind === 'ACTIVE_LEARNER');
    if (learners.length === 0) return [];
    const runs = await this.runs.lastSucceeded(scope, learners.map((h) => h._id));
    return runs.map((r) => ({ heuristicId: r.heuristicId, recordIds: r.trainRecordIds ?? [] }));
  }

  async requireLearner(scope: ProjectScope, id: string): Promise<void> {
    const doc = await this.heuristics.require(scope, id);
    if (doc.kind !== 'ACTIVE_LEARNER') throw notFound('active learner', id);
  }
}
