import { Module } from '@nestjs/common';
import { LabelListsNatsController } from './label-lists.nats-controller.js';
import { LookupListRepository } from './lookup-list.repository.js';
import { LookupListsNatsController } from './lookup-lists.nats-controller.js';
import { LookupListsService } from './lookup-lists.service.js';
import { LookupTermRepository } from './lookup-term.repository.js';

/** Lookup lists and terms; `LookupListsService.knowledge` feeds user code. */
@Module({
  controllers: [LookupListsNatsController, LabelListsNatsController],
  providers: [LookupListRepository, LookupTermRepository, LookupListsService],
  exports: [LookupListRepository, LookupTermRepository, LookupListsService],
})
export class LookupListsModule {}
