import { Controller, Inject } from '@nestjs/common';
import { ProjectEvents, type Envelope, type PayloadOf } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER } from '@refinery/server-kit';
import { NatsEventHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { AttributeCalculationRepository } from '../attribute-calculations/attribute-calculation.repository.js';
import { CalculationRunRepository } from '../attribute-calculations/calculation-run.repository.js';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { LookupListRepository } from '../lookup-lists/lookup-list.repository.js';
import { LookupTermRepository } from '../lookup-lists/lookup-term.repository.js';
import { LastRunRepository } from '../runs/last-run.repository.js';
import { RunCancelRepository } from '../runs/run-cancel.repository.js';
import { RunSlotRepository } from '../runs/run-slot.repository.js';
import { RunRepository } from '../runs/run.repository.js';
import { messageOf } from '../shared/errors.js';

/** A deleted project's heuristics, runs and lookup lists go with it (records keeps the outputs' fate). */
@Controller()
export class ProjectDeletedNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(HeuristicRepository) private readonly heuristics: HeuristicRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(LookupListRepository) private readonly lists: LookupListRepository,
    @Inject(LookupTermRepository) private readonly terms: LookupTermRepository,
    @Inject(RunSlotRepository) private readonly slots: RunSlotRepository,
    @Inject(RunCancelRepository) private readonly cancels: RunCancelRepository,
    @Inject(LastRunRepository) private readonly lastRuns: LastRunRepository,
    @Inject(AttributeCalculationRepository) private readonly calculations: AttributeCalculationRepository,
    @Inject(CalculationRunRepository) private readonly calculationRuns: CalculationRunRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @NatsEventHandler(ProjectEvents.deleted)
  async deleted(env: Envelope<PayloadOf<typeof ProjectEvents.deleted>>): Promise<void> {
    const { projectId } = env.payload;
    this.access.forget(projectId);
    try {
      const [heuristics, runs, lists] = await Promise.all([
        this.heuristics.purge(projectId),
        this.runs.purge(projectId),
        this.lists.purge(projectId),
        this.terms.drop(projectId),
        this.slots.purge(projectId),
        this.cancels.purge(projectId),
        this.lastRuns.purge(projectId),
        this.calculations.purge(projectId),
        this.calculationRuns.purge(projectId),
      ]);
      this.logger.info({ projectId, heuristics, runs, lists }, 'deleted project purged');
    } catch (error) {
      this.logger.error({ projectId, err: messageOf(error) }, 'purging a deleted project failed');
    }
  }
}
