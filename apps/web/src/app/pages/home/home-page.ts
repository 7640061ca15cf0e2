import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  InjectionToken,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  catchError,
  defer,
  exhaustMap,
  interval,
  map,
  type Observable,
  of,
  startWith,
  Subject,
  switchMap,
} from 'rxjs';

import { HealthApiService } from '../../api/health/health-api.service';
import {
  type DependencyStatus,
  isUnreachable,
  type PlatformHealth,
  type ServiceHealth,
  type UnreachableService,
} from '../../api/health/health.models';
import { formatUptime } from '../../shared/format';
import { StatusBadge } from '../../shared/status-badge';

/** How often the page polls `/api/v1/health`; a token so tests (or a config) can change it. */
export const HEALTH_POLL_INTERVAL_MS = new InjectionToken<number>('HEALTH_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 5_000,
});

export interface HealthError {
  title: string;
  detail: string;
}

type ServiceRow = { key: string } & (
  | ({ reachable: true; uptime: string } & ServiceHealth)
  | ({ reachable: false } & UnreachableService)
);

type FetchResult = { ok: true; health: PlatformHealth } | { ok: false; error: HealthError };

@Component({
  selector: 'rf-home-page',
  imports: [DatePipe, StatusBadge],
  templateUrl: './home-page.html',
  styleUrl: './home-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(document:keydown)': 'onKeydown($event)',
  },
})
export class HomePage {
  private readonly api = inject(HealthApiService);
  protected readonly pollIntervalMs = inject(HEALTH_POLL_INTERVAL_MS);

  private readonly refresh$ = new Subject<void>();

  /** Last health report received (kept while the gateway is unreachable, shown as stale). */
  protected readonly health = signal<PlatformHealth | null>(null);
  protected readonly error = signal<HealthError | null>(null);
  /** A request is in flight. */
  protected readonly loading = signal(false);
  protected readonly lastAttemptAt = signal<Date | null>(null);

  protected readonly initialLoad = computed(
    () => this.loading() && this.health() === null && this.error() === null,
  );
  protected readonly rows = computed<ServiceRow[]>(() =>
    (this.health()?.services ?? []).map((entry, index) =>
      isUnreachable(entry)
        ? { ...entry, key: `${entry.service}#${index}`, reachable: false }
        : {
            ...entry,
            key: `${entry.service}:${entry.instanceId}`,
            reachable: true,
            uptime: formatUptime(entry.uptimeSeconds),
          },
    ),
  );
  protected readonly summary = computed(() => {
    const rows = this.rows();
    const healthy = rows.filter((r) => r.status === 'ok').length;
    return `${healthy} of ${rows.length} services healthy`;
  });

  constructor() {
    // Manual refresh restarts the cadence (and cancels a request in flight); a slow answer is
    // never cancelled by the timer itself (exhaustMap), so a gateway slower than 5 s still shows.
    this.refresh$
      .pipe(
        startWith(undefined),
        switchMap(() =>
          interval(this.pollIntervalMs).pipe(
            startWith(-1),
            exhaustMap(() => this.fetch()),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.loading.set(false);
        if (result.ok) {
          this.health.set(result.health);
          this.error.set(null);
        } else {
          this.error.set(result.error);
        }
      });
  }

  refresh(): void {
    this.refresh$.next();
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'r' || event.repeat || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (isEditable(event.target)) return;
    event.preventDefault();
    this.refresh();
  }

  protected dependencyTitle(dep: DependencyStatus): string {
    if (dep.error) return `${dep.name}: ${dep.error}`;
    return dep.latencyMs === undefined ? dep.name : `${dep.name}: ${dep.latencyMs} ms`;
  }

  private fetch(): Observable<FetchResult> {
    return defer(() => {
      this.loading.set(true);
      this.lastAttemptAt.set(new Date());
      return this.api.getHealth();
    }).pipe(
      map((health): FetchResult => ({ ok: true, health })),
      catchError((err: unknown) => of<FetchResult>({ ok: false, error: describeError(err) })),
    );
  }
}

export function describeError(err: unknown): HealthError {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504) {
      const http = err.status === 0 ? 'no response' : `HTTP ${err.status}`;
      return {
        title: 'Gateway unreachable',
        detail: `The gateway did not answer (${http}). It may be down or restarting; retrying automatically.`,
      };
    }
    return {
      title: 'Health check failed',
      detail: `The gateway answered HTTP ${err.status}${err.statusText ? ` ${err.statusText}` : ''}.`,
    };
  }
  return {
    title: 'Health check failed',
    detail: err instanceof Error ? err.message : 'Unexpected error.',
  };
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
