import { Module } from '@nestjs/common';
import { RecordImportService } from './record-import.service.js';
import { UploadsNatsController } from './uploads.nats-controller.js';
import { UploadsService } from './uploads.service.js';

@Module({ controllers: [UploadsNatsController], providers: [UploadsService, RecordImportService] })
export class UploadsModule {}
