import { Module } from '@nestjs/common';
import { AttributeCalculationsModule } from './attribute-calculations/attribute-calculations.module.js';
import { CoreModule } from './core.module.js';
import { HeuristicsFeatureModule } from './heuristics/heuristics.module.js';
import { LookupListsModule } from './lookup-lists/lookup-lists.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { HeuristicsSnapshotModule } from './project-snapshot/project-snapshot.module.js';

/** The heuristics service's features. */
@Module({ imports: [CoreModule, LookupListsModule, HeuristicsFeatureModule, AttributeCalculationsModule, ProjectsModule, HeuristicsSnapshotModule] })
export class HeuristicsModule {}
