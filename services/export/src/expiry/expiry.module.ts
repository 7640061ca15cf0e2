import { Module } from '@nestjs/common';
import { ProjectSnapshotsModule } from '../project-snapshots/project-snapshots.module.js';
import { RecordExportsModule } from '../record-exports/record-exports.module.js';
import { ArchiveSweepScheduler } from './archive-sweep.scheduler.js';
import { ArchiveSweepService } from './archive-sweep.service.js';

/** Expiry of stored archives and record exports: a sweep job and its schedule. */
@Module({ imports: [ProjectSnapshotsModule, RecordExportsModule], providers: [ArchiveSweepService, ArchiveSweepScheduler] })
export class ExpiryModule {}
