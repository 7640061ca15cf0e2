import { Module } from '@nestjs/common';
import { BrowserModule } from '../browser/browser.module.js';
import { ExportCursors } from './export-cursors.service.js';
import { ExportSourceNatsController } from './export-source.nats-controller.js';

/** The records side of record exports: frozen export cursors (records.export-source.*). */
@Module({ imports: [BrowserModule], controllers: [ExportSourceNatsController], providers: [ExportCursors] })
export class ExportSourceModule {}
