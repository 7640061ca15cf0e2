import { Global, Module } from '@nestjs/common';
import { AssociationRepository } from './associations/association.repository.js';
import { LabelSummaryService } from './associations/label-summary.service.js';
import { AttributeRepository } from './attributes/attribute.repository.js';
import { AttributesService } from './attributes/attributes.service.js';
import { CommentRepository } from './comments/comment.repository.js';
import { GenerationRepository } from './generations/generation.repository.js';
import { ProjectAccessService } from './projects/project-access.service.js';
import { ProjectRepository } from './projects/project.repository.js';
import { RecordReader } from './records/record-reader.service.js';
import { RecordWriter } from './records/record-writer.service.js';
import { RecordRepository } from './records/record.repository.js';
import { SessionRepository } from './sessions/session.repository.js';
import { EventPublisher } from './shared/event-publisher.js';
import { LabelRepository } from './tasks/label.repository.js';
import { LabelsService } from './tasks/labels.service.js';
import { TaskCatalog } from './tasks/task-catalog.service.js';
import { TaskRepository } from './tasks/task.repository.js';
import { UploadChunkRepository } from './uploads/upload-chunk.repository.js';
import { UploadRepository } from './uploads/upload.repository.js';

/**
 * What several features share: every repository (one model per collection on the service's
 * connection), the access check, the generation-aware record reader/writer, label summaries.
 */
const shared = [
  ProjectRepository,
  AttributeRepository,
  RecordRepository,
  GenerationRepository,
  TaskRepository,
  LabelRepository,
  AssociationRepository,
  SessionRepository,
  CommentRepository,
  UploadRepository,
  UploadChunkRepository,
  EventPublisher,
  ProjectAccessService,
  RecordReader,
  RecordWriter,
  TaskCatalog,
  LabelSummaryService,
  LabelsService,
  AttributesService,
];

@Global()
@Module({ providers: shared, exports: shared })
export class CoreModule {}
