import { Module } from '@nestjs/common';
import { LookupListsModule } from '../lookup-lists/lookup-lists.module.js';
import { AttributeCalculationRepository } from './attribute-calculation.repository.js';
import { AttributeCalculationsNatsController } from './attribute-calculations.nats-controller.js';
import { AttributeCalculationsService } from './attribute-calculations.service.js';

/** Computed attributes (definitions and "run on N"). */
@Module({
  imports: [LookupListsModule],
  controllers: [AttributeCalculationsNatsController],
  providers: [AttributeCalculationRepository, AttributeCalculationsService],
  exports: [AttributeCalculationRepository],
})
export class AttributeCalculationsModule {}
