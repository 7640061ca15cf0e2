import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ProjectEventsNatsController } from './project-events.nats-controller.js';
import { ProjectPurgeService } from './project-purge.service.js';

/** Project lifecycle: this service's data of a deleted project goes with it. */
@Module({ imports: [StatisticsModule], controllers: [ProjectEventsNatsController], providers: [ProjectPurgeService] })
export class ProjectsModule {}
