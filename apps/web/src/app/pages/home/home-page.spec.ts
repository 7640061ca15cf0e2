import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { degradedPlatform } from '../../../testing/health-fixtures';
import { HEALTH_URL } from '../../api/health/health-api.service';
import { HEALTH_POLL_INTERVAL_MS, HomePage } from './home-page';

describe('HomePage (platform health)', () => {
  let fixture: ComponentFixture<HomePage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  const text = (selector: string) =>
    el.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render() {
    fixture = TestBed.createComponent(HomePage);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [HomePage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: HEALTH_POLL_INTERVAL_MS, useValue: 5_000 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    vi.useRealTimers();
    http.verify();
  });

  it('shows a loading state until the gateway answers', async () => {
    await render();

    expect(text('[data-testid="loading"]')).toContain('Loading services');
    expect(el.querySelector('[data-testid="services"]')).toBeNull();

    http.expectOne(HEALTH_URL).flush(degradedPlatform());
  });

  it('renders a row per service with status badges and dependencies', async () => {
    await render();
    const req = http.expectOne(HEALTH_URL);
    expect(req.request.method).toBe('GET');
    req.flush(degradedPlatform());
    await fixture.whenStable();

    expect(el.querySelector('[data-testid="loading"]')).toBeNull();
    expect(el.querySelector('[data-testid="error"]')).toBeNull();

    const overall = el.querySelector('[data-testid="overall"]');
    expect(overall?.getAttribute('aria-live')).toBe('polite');
    expect(overall?.querySelector('rf-status-badge')?.getAttribute('data-status')).toBe('degraded');
    expect(text('[data-testid="overall"]')).toContain('1 of 3 services healthy');
    expect(el.querySelector('[data-testid="checked-at"]')?.getAttribute('datetime')).toBe(
      '2026-05-04T10:15:30.000Z',
    );

    const rows = [...el.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    expect(rows.map((r) => r.dataset['service'])).toEqual(['gateway', 'records', 'embeddings']);
    expect(
      rows.map((r) => r.querySelector('td rf-status-badge')?.getAttribute('data-status')),
    ).toEqual(['ok', 'degraded', 'down']);

    const [gateway, records, embeddings] = rows;
    expect(gateway?.textContent).toContain('gateway-7c9f-1');
    expect(gateway?.textContent).toContain('1d 2h');

    const deps = [...(records?.querySelectorAll<HTMLElement>('[data-dependency]') ?? [])];
    expect(deps.map((d) => d.dataset['dependency'])).toEqual(['nats', 'mongo', 'redis']);
    expect(
      deps.map((d) => d.querySelector('rf-status-badge')?.getAttribute('data-status')),
    ).toEqual(['up', 'up', 'down']);
    expect(deps[2]?.textContent).toContain('ECONNREFUSED');
    expect(records?.textContent).toContain('2m 5s');

    expect(embeddings?.querySelector('[data-testid="service-error"]')?.textContent).toContain(
      'no responders for embeddings.health.check.v1',
    );
  });

  it('shows a clear error when the gateway is unreachable', async () => {
    await render();
    http
      .expectOne(HEALTH_URL)
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await fixture.whenStable();

    const alert = el.querySelector('[data-testid="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('Gateway unreachable');
    expect(el.querySelector('[data-testid="loading"]')).toBeNull();
    expect(el.querySelector('[data-testid="services"]')).toBeNull();
    expect(
      el.querySelector('[data-testid="overall"] rf-status-badge')?.getAttribute('data-status'),
    ).toBe('unknown');
  });

  it('keeps the last known state, marked stale, when a later poll fails', async () => {
    await render();
    http.expectOne(HEALTH_URL).flush(degradedPlatform());
    await fixture.whenStable();

    el.querySelector<HTMLButtonElement>('[data-testid="refresh"]')?.click();
    http.expectOne(HEALTH_URL).flush('Bad Gateway', { status: 502, statusText: 'Bad Gateway' });
    await fixture.whenStable();

    expect(text('[data-testid="error"]')).toContain('Gateway unreachable');
    expect(text('[data-testid="error"]')).toContain('(HTTP 502)');
    expect(text('[data-testid="error"]')).toContain('may be stale');
    expect(el.querySelectorAll('tbody tr')).toHaveLength(3);
  });

  it('shows the body of a 503 that carries a health report instead of an error', async () => {
    await render();
    const down = { ...degradedPlatform(), status: 'down' as const };
    http.expectOne(HEALTH_URL).flush(down, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();

    expect(el.querySelector('[data-testid="error"]')).toBeNull();
    expect(
      el.querySelector('[data-testid="overall"] rf-status-badge')?.getAttribute('data-status'),
    ).toBe('down');
  });

  it('refreshes on the "r" shortcut but not while typing in a field', async () => {
    await render();
    http.expectOne(HEALTH_URL).flush(degradedPlatform());

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true }));
    http.expectOne(HEALTH_URL).flush(degradedPlatform());

    const input = document.createElement('input');
    document.body.append(input);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true }));
    input.remove();
    document.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'r', ctrlKey: true, bubbles: true }),
    );
    http.expectNone(HEALTH_URL);
  });

  it('polls every interval and stops when destroyed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await render();
    http.expectOne(HEALTH_URL).flush(degradedPlatform());

    vi.advanceTimersByTime(4_999);
    http.expectNone(HEALTH_URL);
    vi.advanceTimersByTime(1);
    http.expectOne(HEALTH_URL).flush(degradedPlatform());

    fixture.destroy();
    vi.advanceTimersByTime(20_000);
    http.expectNone(HEALTH_URL);
  });
});
