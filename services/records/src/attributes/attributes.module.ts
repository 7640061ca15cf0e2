import { Module } from '@nestjs/common';
import { AttributeValuesService } from './attribute-values.service.js';
import { AttributesNatsController } from './attributes.nats-controller.js';

@Module({ controllers: [AttributesNatsController], providers: [AttributeValuesService] })
export class AttributesModule {}
