import { Module } from '@nestjs/common';
import { AttributeCalculationsModule } from '../attribute-calculations/attribute-calculations.module.js';
import { LookupListsModule } from '../lookup-lists/lookup-lists.module.js';
import { HeuristicsPartExportService } from './heuristics-part-export.service.js';
import { HeuristicsPartImportService } from './heuristics-part-import.service.js';
import { HeuristicsSnapshotNatsController } from './project-snapshot.nats-controller.js';

/** The heuristics part of project snapshots: `heuristics.project-snapshot.export.v1` / `.import.v1`. */
@Module({
  imports: [LookupListsModule, AttributeCalculationsModule],
  controllers: [HeuristicsSnapshotNatsController],
  providers: [HeuristicsPartExportService, HeuristicsPartImportService],
})
export class HeuristicsSnapshotModule {}
