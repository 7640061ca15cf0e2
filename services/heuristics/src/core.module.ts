import { EventPublisher } from '@refinery/server-kit';
import { Global, Module } from '@nestjs/common';
import { ProjectAccessService } from './access/project-access.service.js';
import { RecordsClient } from './access/records-client.js';
import { HeuristicRepository } from './heuristics/heuristic.repository.js';
import { LastRunRepository } from './runs/last-run.repository.js';
import { RunCancelRepository } from './runs/run-cancel.repository.js';
import { RunSlotRepository } from './runs/run-slot.repository.js';
import { RunRepository } from './runs/run.repository.js';
import { RecordSampler } from './preview/record-sampler.service.js';
import { CodeExecutor } from './sandbox/code-executor.service.js';
import { SandboxPool } from './sandbox/sandbox-pool.js';

/** What several features share: access checks, the records client, the sandbox, repositories. */
const shared = [
  ProjectAccessService,
  RecordsClient,
  EventPublisher,
  SandboxPool,
  CodeExecutor,
  HeuristicRepository,
  RunRepository,
  RunSlotRepository,
  RunCancelRepository,
  LastRunRepository,
  RecordSampler,
];

@Global()
@Module({ providers: shared, exports: shared })
export class CoreModule {}
