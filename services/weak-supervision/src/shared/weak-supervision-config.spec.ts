import { ConfigError, loadConfig } from '@refinery/server-core';
import { weakSupervisionConfigSchema } from './weak-supervision-config.js';

describe('weak-supervision configuration', () => {
  it('defaults to the documented values', () => {
    expect(loadConfig(weakSupervisionConfigSchema, {}, [])).toMatchObject({
      HTTP_PORT: 3004,
      WS_STATISTICS_DEBOUNCE_MS: 3_000,
      WS_STATISTICS_MAX_WAIT_MS: 30_000,
      WS_ACCESS_CACHE_MS: 30_000,
      WS_READ_PAGE_SIZE: 5_000,
      WS_READ_AHEAD: 3,
      WS_WRITE_CONCURRENCY: 2,
      WS_WRITE_PAGE_SIZE: 2_500,
      WS_QUALITY_FOLDS: 5,
    });
  });

  it('names every bad variable at once', () => {
    const bad = { WS_READ_PAGE_SIZE: '10001', WS_WRITE_PAGE_SIZE: '0', WS_QUALITY_FOLDS: '1', WS_STATISTICS_DEBOUNCE_MS: 'soon', WS_READ_AHEAD: '9' };
    let error: unknown;
    try {
      loadConfig(weakSupervisionConfigSchema, bad, []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of Object.keys(bad)) expect((error as Error).message).toContain(name);
  });
});
