import { Module } from '@nestjs/common';
import { ExportFileStore } from './export-file-store.js';
import { RecordExportReaper } from './record-export-reaper.js';
import { RecordExportRepository } from './record-export.repository.js';
import { RecordExportRunner } from './record-export.runner.js';
import { RecordExportsNatsController } from './record-exports.nats-controller.js';
import { RecordExportsService } from './record-exports.service.js';

/** Record exports (JSON, JSONL, CSV, XLSX, optionally zipped) into GridFS; the last one kept per project. */
@Module({
  controllers: [RecordExportsNatsController],
  providers: [RecordExportsService, RecordExportRunner, RecordExportRepository, ExportFileStore, RecordExportReaper],
  // for the expiry sweep
  exports: [RecordExportReaper],
})
export class RecordExportsModule {}
