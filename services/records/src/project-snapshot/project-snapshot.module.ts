import { Module } from '@nestjs/common';
import { ProjectSnapshotNatsController } from './project-snapshot.nats-controller.js';
import { RecordsPartExportService } from './records-part-export.service.js';
import { RecordsPartImportService } from './records-part-import.service.js';
import { SnapshotCommentsRepository } from './snapshot-comments.repository.js';

/** The records part of project snapshots: `records.project-snapshot.export.v1` / `.import.v1`. */
@Module({
  controllers: [ProjectSnapshotNatsController],
  providers: [RecordsPartExportService, RecordsPartImportService, SnapshotCommentsRepository],
})
export class ProjectSnapshotModule {}
