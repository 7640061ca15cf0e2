import { Module } from '@nestjs/common';
import { ProjectPurgeService } from './project-purge.service.js';
import { ProjectsNatsController } from './projects.nats-controller.js';
import { ProjectsService } from './projects.service.js';

@Module({ controllers: [ProjectsNatsController], providers: [ProjectsService, ProjectPurgeService] })
export class ProjectsModule {}
