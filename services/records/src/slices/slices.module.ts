import { Module } from '@nestjs/common';
import { BrowserModule } from '../browser/browser.module.js';
import { SlicesNatsController } from './slices.nats-controller.js';
import { OutlierSlicesService } from './outlier-slices.service.js';
import { SlicesService } from './slices.service.js';

@Module({ imports: [BrowserModule], controllers: [SlicesNatsController], providers: [SlicesService, OutlierSlicesService] })
export class SlicesModule {}
