import { Controller } from '@nestjs/common';
import { LabelModelSubjects, type ReplyOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { labelModelCatalog } from './label-model-catalog.js';

/** The label models on offer (no project data, so no project check). */
@Controller()
export class LabelModelsNatsController {
  @NatsRequestHandler(LabelModelSubjects.list)
  list(): ReplyOf<typeof LabelModelSubjects.list> {
    return { models: labelModelCatalog() };
  }
}
