import type { DependencyStatus } from '@refinery/contracts';

export interface DependencyProbe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check(): Promise<void>;
}

/** The dependencies a service needs to be ready; each adapter registers its probe. */
export class HealthRegistry {
  private readonly probes = new Map<string, DependencyProbe>();

  register(probe: DependencyProbe): void {
    this.probes.set(probe.name, probe);
  }

  async check(timeoutMs = 1_500): Promise<DependencyStatus[]> {
    return Promise.all(
      [...this.probes.values()].map(async (p): Promise<DependencyStatus> => {
        const t0 = performance.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            p.check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`no answer within ${timeoutMs} ms`)),
                timeoutMs,
              );
            }),
          ]);
          return { name: p.name, status: 'up', latencyMs: round(performance.now() - t0) };
        } catch (error) {
          return {
            name: p.name,
            status: 'down',
            error: error instanceof Error ? error.message : String(error),
          };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
