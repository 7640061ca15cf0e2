import { Controller, Inject } from '@nestjs/common';
import { AssociationEvents, TaskEvents, type Envelope, type PayloadOf } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER } from '@refinery/server-kit';
import { NatsEventHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { RecordsClient } from '../access/records-client.js';
import { messageOf } from '../shared/errors.js';
import { LookupListsService } from './lookup-lists.service.js';

/**
 * Lists follow the extraction labels of records: one list per extraction label (created with
 * the label), filled with the text of every manually labelled span.
 */
@Controller()
export class LabelListsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @NatsEventHandler(AssociationEvents.spanLabelled)
  async spanLabelled(env: Envelope<PayloadOf<typeof AssociationEvents.spanLabelled>>): Promise<void> {
    const { projectId, taskId, labelId, labelName, text } = env.payload;
    await this.guard(projectId, 'span term', async () => {
      await this.lists.addSpanTerm(await this.access.system(projectId), { taskId, labelId, labelName }, text);
    });
  }

  @NatsEventHandler(TaskEvents.changed)
  async taskChanged(env: Envelope<PayloadOf<typeof TaskEvents.changed>>): Promise<void> {
    const { projectId, taskId, change } = env.payload;
    if (change !== 'created' && change !== 'labels-changed') return;
    await this.guard(projectId, 'label lists', async () => {
      const scope = await this.access.system(projectId);
      const task = (await this.records.tasks(scope)).find((t) => t.id === taskId);
      if (task?.kind !== 'EXTRACTION') return;
      for (const label of task.labels) await this.lists.ensureLabelList(scope, { taskId, labelId: label.id, labelName: label.name });
    });
  }

  /** An event has nobody to answer: failures are logged (the project may be gone meanwhile). */
  private async guard(projectId: string, what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ projectId, err: messageOf(error) }, `lookup lists: ${what} not updated`);
    }
  }
}
