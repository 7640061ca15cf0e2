import { Module } from '@nestjs/common';
import { BrowserNatsController } from './browser.nats-controller.js';
import { BrowserService } from './browser.service.js';
import { SimilarityHitsClient } from './similarity-hits.client.js';

@Module({ controllers: [BrowserNatsController], providers: [BrowserService, SimilarityHitsClient], exports: [BrowserService] })
export class BrowserModule {}
