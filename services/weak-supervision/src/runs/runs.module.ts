import { Module } from '@nestjs/common';
import { RunExecutor } from './run-executor.js';
import { RunsNatsController } from './runs.nats-controller.js';
import { RunsService } from './runs.service.js';

/** Weak-supervision runs: started over NATS, executed as BullMQ jobs. */
@Module({ controllers: [RunsNatsController], providers: [RunsService, RunExecutor] })
export class RunsModule {}
