import { Module } from '@nestjs/common';
import { LabelChangesNatsController } from './label-changes.nats-controller.js';
import { StatisticsScheduler } from './statistics-scheduler.js';
import { StatisticsNatsController } from './statistics.nats-controller.js';
import { StatisticsRunner } from './statistics.runner.js';

/** Heuristic statistics: served, recomputed on request, after runs and (debounced) after label changes. */
@Module({
  controllers: [StatisticsNatsController, LabelChangesNatsController],
  providers: [StatisticsScheduler, StatisticsRunner],
  exports: [StatisticsScheduler],
})
export class StatisticsModule {}
