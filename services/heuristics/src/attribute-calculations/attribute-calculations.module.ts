import { Module } from '@nestjs/common';
import { LookupListsModule } from '../lookup-lists/lookup-lists.module.js';
import { AttributeCalculationRepository } from './attribute-calculation.repository.js';
import { AttributeCalculationsNatsController } from './attribute-calculations.nats-controller.js';
import { AttributeCalculationsService } from './attribute-calculations.service.js';
import { CalculationRunExecutor } from './calculation-run-executor.service.js';
import { CalculationRunRepository } from './calculation-run.repository.js';
import { CalculationRunsService } from './calculation-runs.service.js';

/** Computed attributes: definitions, "run on N" and "run on all" (the run-calculation job). */
@Module({
  imports: [LookupListsModule],
  controllers: [AttributeCalculationsNatsController],
  providers: [AttributeCalculationRepository, AttributeCalculationsService, CalculationRunRepository, CalculationRunsService, CalculationRunExecutor],
  exports: [AttributeCalculationRepository, CalculationRunRepository],
})
export class AttributeCalculationsModule {}
