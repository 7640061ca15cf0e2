import { Module } from '@nestjs/common';
import { AttributesNatsController } from './attributes.nats-controller.js';

@Module({ controllers: [AttributesNatsController] })
export class AttributesModule {}
