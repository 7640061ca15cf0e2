import { EventPublisher } from '@refinery/server-kit';
import { Global, Module } from '@nestjs/common';
import { TaskMatrixReader } from './matrix/task-matrix.reader.js';
import { RunRepository } from './runs/run.repository.js';
import { ProjectAccessService } from './shared/project-access.service.js';
import { HeuristicsClient } from './shared/heuristics-client.js';
import { RecordsClient } from './shared/records-client.js';
import { StatisticsService } from './statistics/statistics.service.js';
import { TaskStatisticsRepository } from './statistics/task-statistics.repository.js';

/** What several features share: repositories, the access check, the records client, statistics. */
const shared = [RunRepository, TaskStatisticsRepository, EventPublisher, ProjectAccessService, RecordsClient, HeuristicsClient, TaskMatrixReader, StatisticsService];

@Global()
@Module({ providers: shared, exports: shared })
export class CoreModule {}
