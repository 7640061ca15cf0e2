import { Module } from '@nestjs/common';
import { BrowserNatsController } from './browser.nats-controller.js';
import { BrowserService } from './browser.service.js';

@Module({ controllers: [BrowserNatsController], providers: [BrowserService], exports: [BrowserService] })
export class BrowserModule {}
