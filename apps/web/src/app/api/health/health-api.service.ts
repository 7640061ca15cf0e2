import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, type Observable, of, throwError } from 'rxjs';

import type { PlatformHealth } from './health.models';

/** Relative on purpose: the gateway serves both the app and the API on the same origin. */
export const HEALTH_URL = '/api/v1/health';

/** Longer than the gateway's own fan-out (2 s per service over NATS), shorter than a hang. */
export const HEALTH_TIMEOUT_MS = 10_000;

@Injectable({ providedIn: 'root' })
export class HealthApiService {
  private readonly http = inject(HttpClient);

  /**
   * The platform's health. A gateway that is up but reports the platform as down may answer with
   * a 5xx carrying a valid health body; that body is returned like a 200 so the page can show it.
   */
  getHealth(): Observable<PlatformHealth> {
    return this.http.get<PlatformHealth>(HEALTH_URL, { timeout: HEALTH_TIMEOUT_MS }).pipe(
      catchError((err: unknown) => {
        if (err instanceof HttpErrorResponse && err.status >= 500 && isPlatformHealth(err.error)) {
          return of(err.error);
        }
        return throwError(() => err);
      }),
    );
  }
}

function isPlatformHealth(body: unknown): body is PlatformHealth {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Partial<Record<keyof PlatformHealth, unknown>>;
  return (
    typeof candidate.status === 'string' &&
    typeof candidate.checkedAt === 'string' &&
    Array.isArray(candidate.services)
  );
}
