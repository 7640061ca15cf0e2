import { Module } from '@nestjs/common';
import { EmbeddingsClient } from '../access/embeddings-client.js';
import { ActiveLearnerRun } from '../active-learners/active-learner-run.js';
import { ActiveLearnersService } from '../active-learners/active-learners.service.js';
import { LookupListsModule } from '../lookup-lists/lookup-lists.module.js';
import { PreviewNatsController } from '../preview/preview.nats-controller.js';
import { PreviewService } from '../preview/preview.service.js';
import { RunExecutor } from '../runs/run-executor.service.js';
import { RunScheduler } from '../runs/run-scheduler.service.js';
import { RunsNatsController } from '../runs/runs.nats-controller.js';
import { RunsService } from '../runs/runs.service.js';
import { HeuristicsImportNatsController } from '../snapshot-import/heuristics-import.nats-controller.js';
import { HeuristicsImportService } from '../snapshot-import/heuristics-import.service.js';
import { HeuristicsNatsController } from './heuristics.nats-controller.js';
import { HeuristicsService } from './heuristics.service.js';

/** Labeling functions and active learners, their runs (the run job), previews and their import from snapshots. */
@Module({
  imports: [LookupListsModule],
  controllers: [HeuristicsNatsController, RunsNatsController, PreviewNatsController, HeuristicsImportNatsController],
  providers: [HeuristicsService, RunsService, RunScheduler, RunExecutor, PreviewService, HeuristicsImportService, EmbeddingsClient, ActiveLearnerRun, ActiveLearnersService],
})
export class HeuristicsFeatureModule {}
