import { z } from 'zod';
import { defineJob } from '@refinery/server-queue';

/** Round-trips through a worker to prove the queue wiring (used by the self-check). */
export const SelfCheckProbeJob = defineJob('selfcheck.probe', z.object({ probeId: z.string() }), {
  attempts: 1,
});
