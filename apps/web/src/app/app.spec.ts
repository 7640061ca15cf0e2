import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { App } from './app';
import { routes } from './app.routes';

describe('App shell', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('shows the top bar with the product name', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('header .brand')?.textContent?.trim()).toBe('refinery');
    expect([...el.querySelectorAll('nav a')].map((a) => a.textContent?.trim())).toEqual([
      'Health',
      'Projects',
    ]);
  });

  it('lazily loads the projects placeholder', async () => {
    const harness = await RouterTestingHarness.create('/projects');
    expect(harness.routeNativeElement?.textContent).toContain(
      'The project list arrives with the records service',
    );
    TestBed.inject(HttpTestingController).verify();
  });
});
