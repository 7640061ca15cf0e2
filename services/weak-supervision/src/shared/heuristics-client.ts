import { Inject, Injectable } from '@nestjs/common';
import { HeuristicSubjects } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { LearnerTraining } from '../matrix/task-matrix.js';
import type { ProjectScope } from './project-scope.js';

/** What this service asks the heuristics service: which records its active learners trained on. */
@Injectable()
export class HeuristicsClient {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Per learner of the task, its training records. When the heuristics service cannot answer,
   * statistics go on without (learners named by the caller then lose every labelled record as
   * support, the cautious choice) and the reason is logged.
   */
  async learnerTraining(scope: ProjectScope, taskId: string): Promise<LearnerTraining> {
    try {
      const { learners } = await this.bus.request(HeuristicSubjects.learnerTrainingRecords, { taskId }, { actor: scope.actor, projectId: scope.projectId });
      return new Map(learners.map((l) => [l.heuristicId, l.recordIds]));
    } catch (error) {
      this.logger.warn({ projectId: scope.projectId, taskId, err: String(error) }, 'active learners\u2019 training records unavailable');
      return new Map();
    }
  }
}
