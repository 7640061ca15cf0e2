import { Module } from '@nestjs/common';
import { LabelsNatsController } from './labels.nats-controller.js';
import { TasksNatsController } from './tasks.nats-controller.js';
import { TasksService } from './tasks.service.js';

@Module({ controllers: [TasksNatsController, LabelsNatsController], providers: [TasksService] })
export class TasksModule {}
