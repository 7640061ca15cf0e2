import { Module } from '@nestjs/common';
import { CommentsNatsController } from './comments.nats-controller.js';
import { CommentsService } from './comments.service.js';

@Module({ controllers: [CommentsNatsController], providers: [CommentsService] })
export class CommentsModule {}
