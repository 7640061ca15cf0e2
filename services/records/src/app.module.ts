import { Module } from '@nestjs/common';
import { AssociationsModule } from './associations/associations.module.js';
import { AttributesModule } from './attributes/attributes.module.js';
import { BrowserModule } from './browser/browser.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { CoreModule } from './core.module.js';
import { ExportSourceModule } from './export-source/export-source.module.js';
import { OverviewModule } from './overview/overview.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { ProjectSnapshotModule } from './project-snapshot/project-snapshot.module.js';
import { RecordsFeatureModule } from './records/records.module.js';
import { SnapshotImportModule } from './snapshot-import/snapshot-import.module.js';
import { SlicesModule } from './slices/slices.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { UploadsModule } from './uploads/uploads.module.js';

/** The records service's features. */
@Module({
  imports: [
    CoreModule,
    ProjectsModule,
    AttributesModule,
    RecordsFeatureModule,
    TasksModule,
    AssociationsModule,
    SessionsModule,
    CommentsModule,
    UploadsModule,
    SnapshotImportModule,
    ProjectSnapshotModule,
    BrowserModule,
    SlicesModule,
    OverviewModule,
    ExportSourceModule,
  ],
})
export class RecordsModule {}
