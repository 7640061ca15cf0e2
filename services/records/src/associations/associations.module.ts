import { Module } from '@nestjs/common';
import { AssociationsNatsController } from './associations.nats-controller.js';
import { AssociationsService } from './associations.service.js';
import { ReplaceSourceService } from './replace-source.service.js';

@Module({ controllers: [AssociationsNatsController], providers: [AssociationsService, ReplaceSourceService] })
export class AssociationsModule {}
