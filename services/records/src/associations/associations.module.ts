import { Module } from '@nestjs/common';
import { AssociationsNatsController } from './associations.nats-controller.js';
import { AssociationsService } from './associations.service.js';
import { LabelMatrixService } from './label-matrix.service.js';
import { ReplaceSourceService } from './replace-source.service.js';

@Module({ controllers: [AssociationsNatsController], providers: [AssociationsService, ReplaceSourceService, LabelMatrixService] })
export class AssociationsModule {}
