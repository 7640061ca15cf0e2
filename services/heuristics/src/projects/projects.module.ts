import { Module } from '@nestjs/common';
import { AttributeCalculationsModule } from '../attribute-calculations/attribute-calculations.module.js';
import { LookupListsModule } from '../lookup-lists/lookup-lists.module.js';
import { ProjectDeletedNatsController } from './project-deleted.nats-controller.js';

/** Reactions to records' project lifecycle. */
@Module({ imports: [LookupListsModule, AttributeCalculationsModule], controllers: [ProjectDeletedNatsController] })
export class ProjectsModule {}
