import { Module } from '@nestjs/common';
import { RefineryImportRunner } from './refinery-import.runner.js';
import { RefineryImportService } from './refinery-import.service.js';
import { SnapshotsNatsController } from './snapshots.nats-controller.js';

/** Project snapshots: imports of refinery snapshots (sample projects) for now. */
@Module({ controllers: [SnapshotsNatsController], providers: [RefineryImportService, RefineryImportRunner] })
export class SnapshotsModule {}
