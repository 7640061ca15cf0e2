import { Module } from '@nestjs/common';
import { RecordsNatsController } from './records.nats-controller.js';
import { RecordsService } from './records.service.js';

@Module({ controllers: [RecordsNatsController], providers: [RecordsService] })
export class RecordsFeatureModule {}
