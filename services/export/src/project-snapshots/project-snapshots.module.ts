import { Module } from '@nestjs/common';
import { ArchiveReaper } from './archive-reaper.js';
import { ArchiveStore } from './archive-store.js';
import { ArchiveUploads } from './archive-uploads.js';
import { ArchiveWrites } from './archive-writes.js';
import { ProjectSnapshotExportService } from './project-snapshot-export.service.js';
import { ProjectSnapshotImportService } from './project-snapshot-import.service.js';
import { ProjectSnapshotRunner } from './project-snapshot.runner.js';
import { ProjectSnapshotsNatsController } from './project-snapshots.nats-controller.js';

/** Project snapshots in our own archive format: export, import, upload and download of archives. */
@Module({
  controllers: [ProjectSnapshotsNatsController],
  providers: [ArchiveStore, ArchiveUploads, ArchiveWrites, ArchiveReaper, ProjectSnapshotExportService, ProjectSnapshotImportService, ProjectSnapshotRunner],
  // for the expiry sweep
  exports: [ArchiveReaper, ArchiveUploads, ArchiveWrites],
})
export class ProjectSnapshotsModule {}
