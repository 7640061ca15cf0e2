import type { ServiceDefinition } from '@refinery/server-kit';
import { HeuristicsModule } from './app.module.js';
import { RunCalculationJob } from './attribute-calculations/jobs/run-calculation.job.js';
import { RunHeuristicJob } from './runs/jobs/run-heuristic.job.js';
import { heuristicsConfigSchema } from './shared/heuristics-config.js';

export { heuristicsConfigSchema } from './shared/heuristics-config.js';

/** How the heuristics service boots; shared by main.ts and the integration tests. */
export const heuristicsService: ServiceDefinition<typeof heuristicsConfigSchema> = {
  service: 'heuristics',
  module: HeuristicsModule,
  configSchema: heuristicsConfigSchema,
  jobs: [RunHeuristicJob, RunCalculationJob],
};
