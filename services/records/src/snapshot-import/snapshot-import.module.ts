import { Module } from '@nestjs/common';
import { SnapshotImportNatsController } from './snapshot-import.nats-controller.js';
import { SnapshotImportService } from './snapshot-import.service.js';
import { SnapshotPagesService } from './snapshot-pages.service.js';

/** Whole-project imports (refinery snapshots) driven page by page by the export service. */
@Module({ controllers: [SnapshotImportNatsController], providers: [SnapshotImportService, SnapshotPagesService] })
export class SnapshotImportModule {}
