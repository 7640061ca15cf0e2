import { HealthSubjects, type Actor } from '@refinery/contracts';
import type { RunningService } from '@refinery/server-kit';
import { ServiceHarness } from '@refinery/server-testing';
// An export and an import are conversations with the records and heuristics services: the tests run them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';

/** Records, heuristics and export started for real, in that order (held as export, heuristics, records); `exporter` is the export service. */
export class ExportHarness extends ServiceHarness {
  static async start(env: Record<string, string>, actor: Actor): Promise<ExportHarness> {
    const { running, client } = await ServiceHarness.startAll(env, [
      { definition: recordsService, health: HealthSubjects.records.check },
      { definition: heuristicsService, health: HealthSubjects.heuristics.check },
      { definition: exportService, health: HealthSubjects.export.check },
    ]);
    const harness = new ExportHarness(running, client, env, { actor });
    harness.heuristics = running[1];
    return harness;
  }

  private heuristics: RunningService | undefined;

  get exporter(): RunningService {
    return this.services[0] as RunningService;
  }

  /** Stops the heuristics service for good (a test then answers its subjects itself); `close` leaves it. */
  async stopHeuristics(): Promise<void> {
    const heuristics = this.heuristics;
    this.heuristics = undefined;
    if (!heuristics) return;
    this.services.splice(this.services.indexOf(heuristics), 1);
    await heuristics.close();
  }
}
