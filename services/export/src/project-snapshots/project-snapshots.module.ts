import { Module } from '@nestjs/common';
import { ArchiveStore } from './archive-store.js';
import { ArchiveUploads } from './archive-uploads.js';
import { ProjectSnapshotExportService } from './project-snapshot-export.service.js';
import { ProjectSnapshotImportService } from './project-snapshot-import.service.js';
import { ProjectSnapshotRunner } from './project-snapshot.runner.js';
import { ProjectSnapshotsNatsController } from './project-snapshots.nats-controller.js';

/** Project snapshots in our own archive format: export, import, upload and download of archives. */
@Module({
  controllers: [ProjectSnapshotsNatsController],
  providers: [ArchiveStore, ArchiveUploads, ProjectSnapshotExportService, ProjectSnapshotImportService, ProjectSnapshotRunner],
})
export class ProjectSnapshotsModule {}
