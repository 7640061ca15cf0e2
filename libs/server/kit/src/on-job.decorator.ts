import { SetMetadata } from '@nestjs/common';
import type { JobDefinition } from '@refinery/server-queue';

export const ON_JOB = 'refinery:on-job';

/** Marks a provider method as the handler of a job type; the kit finds it at boot. */
export function OnJob(definition: JobDefinition): MethodDecorator {
  return SetMetadata(ON_JOB, definition);
}
