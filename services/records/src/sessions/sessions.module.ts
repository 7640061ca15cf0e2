import { Module } from '@nestjs/common';
import { SessionsNatsController } from './sessions.nats-controller.js';
import { SessionsService } from './sessions.service.js';

@Module({ controllers: [SessionsNatsController], providers: [SessionsService] })
export class SessionsModule {}
