import { Module } from '@nestjs/common';
import { SnapshotsModule } from './snapshots/snapshots.module.js';

/** The export service's features; each later feature module is imported here. */
@Module({ imports: [SnapshotsModule] })
export class ExportModule {}
