import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type OnModuleInit, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, Request, Response } from 'express';
import { CONFIG } from '@refinery/server-kit';
import { IdentityModule } from '../identity/identity.module.js';
import { API_ACCESS, type ApiAccess } from './access/api-access.js';
import { IdentityApiAccess } from './access/identity-api-access.js';
import type { ApiConfig } from './api-config.js';
import { ApiDispatcher } from './http/api-dispatcher.js';
import { bodyErrors } from './http/body-errors.middleware.js';
import { identityRoutes } from './openapi/identity-routes.js';
import { API_PREFIX, openApiDocument } from './openapi/openapi-document.js';
import { rateLimit } from './rate-limit/rate-limit.middleware.js';
import { apiRoutes } from './routes/api-routes.js';
import { API_ROUTES } from './routes/api-routes.token.js';

export interface ApiModuleOptions {
  /** The module that provides `access` (identity). */
  imports: DynamicModule['imports'];
  access: Type<ApiAccess>;
}

/**
 * The REST API of the services' capabilities under `/api/v1`: the route table, its dispatcher,
 * `GET /api/v1/openapi.json`, rate limits and the API's shape for body-parser errors.
 */
@Module({})
export class ApiModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(ApiDispatcher) private readonly dispatcher: ApiDispatcher,
    @Inject(CONFIG) private readonly config: ApiConfig,
  ) {}

  /** With identity's services behind ApiAccess (the default wiring of the gateway). */
  static forIdentity(): DynamicModule {
    return ApiModule.register({ imports: [IdentityModule], access: IdentityApiAccess });
  }

  static register(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: options.imports ?? [],
      providers: [
        options.access,
        { provide: API_ACCESS, useExisting: options.access },
        { provide: API_ROUTES, useValue: apiRoutes },
        ApiDispatcher,
      ],
    };
  }

  /** Before every `/api/v1` route, identity's included: rate limits refuse early. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(rateLimit(this.config)).forRoutes(`${API_PREFIX.slice(1)}/*path`);
  }

  /**
   * The table's routes go on the Express app directly (after Nest's controllers, before its
   * not-found handler): Nest would need one decorated method per route.
   */
  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter.getInstance<Express>();
    const document = openApiDocument(apiRoutes, process.env['REFINERY_VERSION'] ?? '0.1.0', identityRoutes);
    http.get(`${API_PREFIX}/openapi.json`, (_req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.json(document);
    });
    http.use(API_PREFIX, this.dispatcher.router());
    http.use(bodyErrors);
  }
}
