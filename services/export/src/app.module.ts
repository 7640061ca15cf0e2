import { Module } from '@nestjs/common';
import { ExpiryModule } from './expiry/expiry.module.js';
import { ProjectSnapshotsModule } from './project-snapshots/project-snapshots.module.js';
import { RecordExportsModule } from './record-exports/record-exports.module.js';
import { SnapshotsModule } from './snapshots/snapshots.module.js';

/** The export service's features; each later feature module is imported here. */
@Module({ imports: [SnapshotsModule, RecordExportsModule, ProjectSnapshotsModule, ExpiryModule] })
export class ExportModule {}
