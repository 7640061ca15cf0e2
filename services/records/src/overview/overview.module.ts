import { Module } from '@nestjs/common';
import { BrowserModule } from '../browser/browser.module.js';
import { OverviewNatsController } from './overview.nats-controller.js';
import { OverviewService } from './overview.service.js';

@Module({ imports: [BrowserModule], controllers: [OverviewNatsController], providers: [OverviewService] })
export class OverviewModule {}
