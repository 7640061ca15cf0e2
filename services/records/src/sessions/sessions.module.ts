import { Module } from '@nestjs/common';
import { BrowserModule } from '../browser/browser.module.js';
import { SessionsNatsController } from './sessions.nats-controller.js';
import { SessionsService } from './sessions.service.js';

@Module({ imports: [BrowserModule], controllers: [SessionsNatsController], providers: [SessionsService] })
export class SessionsModule {}
