import { Module } from '@nestjs/common';
import { CoreModule } from './core.module.js';
import { LabelModelsNatsController } from './models/label-models.nats-controller.js';
import { ProjectsModule } from './projects/projects.module.js';
import { RunsModule } from './runs/runs.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';

/** The weak-supervision service's features. */
@Module({ imports: [CoreModule, StatisticsModule, RunsModule, ProjectsModule], controllers: [LabelModelsNatsController] })
export class WeakSupervisionModule {}
