import { EventPublisher } from '@refinery/server-kit';
import { Global, Module } from '@nestjs/common';
import { AttributeRepository } from './attributes/attribute.repository.js';
import { AttributesService } from './attributes/attributes.service.js';
import { CommentRepository } from './comments/comment.repository.js';
import { GenerationRepository } from './generations/generation.repository.js';
import { ProjectAccessService } from './projects/project-access.service.js';
import { ProjectDeletions } from './projects/project-deletions.js';
import { ProjectRepository } from './projects/project.repository.js';
import { RecordReader } from './records/record-reader.service.js';
import { RecordWriter } from './records/record-writer.service.js';
import { SessionRepository } from './sessions/session.repository.js';
import { SliceRepository } from './slices/slice.repository.js';
import { CatalogChanges } from './shared/catalog-changes.js';
import { ProjectStore } from './store/project-store.service.js';
import { LabelRepository } from './tasks/label.repository.js';
import { LabelsService } from './tasks/labels.service.js';
import { TaskCatalog } from './tasks/task-catalog.service.js';
import { TaskRepository } from './tasks/task.repository.js';
import { UploadChunkRepository } from './uploads/upload-chunk.repository.js';
import { UploadRepository } from './uploads/upload.repository.js';

/**
 * What several features share: every repository (one model per collection on the service's
 * connection), the access check, the project store with its record reader/writer.
 */
const shared = [
  ProjectRepository,
  AttributeRepository,
  ProjectStore,
  CatalogChanges,
  GenerationRepository,
  TaskRepository,
  LabelRepository,
  SessionRepository,
  SliceRepository,
  CommentRepository,
  UploadRepository,
  UploadChunkRepository,
  EventPublisher,
  ProjectDeletions,
  ProjectAccessService,
  RecordReader,
  RecordWriter,
  TaskCatalog,
  LabelsService,
  AttributesService,
];

@Global()
@Module({ providers: shared, exports: shared })
export class CoreModule {}
