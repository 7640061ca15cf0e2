import { Inject, Injectable } from '@nestjs/common';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { API_ACCESS, type ApiAccess, type ProjectAccess } from '../access/api-access.js';
import type { ApiConfig } from '../api-config.js';
import { API_ROUTES } from '../routes/api-routes.token.js';
import type { ApiRoute, ContractRoute, CustomRoute, RouteContext } from '../routes/api-route.js';
import { BINARY } from '../routes/api-route.js';
import { toApiErrorResponse } from './api-error-response.js';
import { buildPayload, validateInput, type RawInput } from './request-input.js';
import { requireAssignment, requireRouteAction } from './route-authorization.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one handler behind every route of the table: authenticate → resolve the caller's role in
 * the project (NOT_FOUND for a project they cannot see) → policy check → validate the input with
 * the contract (400 naming `body.x` / `query.x` / `path.x`) → NATS request (the bus validates
 * the reply) → JSON; every failure becomes `{error: {code, message, details}}`.
 */
@Injectable()
export class ApiDispatcher {
  constructor(
    @Inject(API_ROUTES) private readonly routes: readonly ApiRoute[],
    @Inject(API_ACCESS) private readonly identity: ApiAccess,
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** An Express router for `/api/v1` with every route of the table. */
  router(): Router {
    const router = express.Router();
    for (const route of this.routes) {
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      router[method](route.path, (req: Request, res: Response) => {
        void this.handle(route, req, res);
      });
    }
    return router;
  }

  async handle(route: ApiRoute, req: Request, res: Response): Promise<void> {
    try {
      const principal = await this.identity.authenticate(req);
      const params = req.params as Record<string, string>;
      const query = (req.query ?? {}) as Record<string, unknown>;
      let access: ProjectAccess | null = null;
      if (route.scope === 'project') {
        const projectId = params['projectId'];
        if (projectId === undefined) throw new Error(`route ${route.path} has no :projectId`);
        access = await this.identity.project(principal, projectId);
        requireRouteAction(route, access);
      }
      const raw: RawInput = { params, query, body: req.body as unknown };
      const ctx: RouteContext = { req, res, principal, access, params, bus: this.bus, identity: this.identity, config: this.config };
      const result = route.kind === 'contract' ? await this.callContract(route, ctx, raw) : await this.callCustom(route, ctx, raw);
      if (access && route.audit && UNSAFE.has(route.method)) {
        await this.identity.audit(access, route.audit, target(params), { route: `${route.method} ${route.path}` });
      }
      if (result !== undefined && !res.headersSent) res.status(route.status ?? 200).json(result);
    } catch (error) {
      this.fail(res, error);
    }
  }

  private async callContract(route: ContractRoute, ctx: RouteContext, raw: RawInput): Promise<unknown> {
    const consumed = route.annotator?.kind === 'record' ? ['sessionId'] : [];
    const { payload, origins } = buildPayload(route.contract.request, route.input, raw, consumed);
    const access = ctx.access;
    // The assignment is part of the policy check: 403 before any 400.
    if (access) await requireAssignment(route, access, { params: ctx.params, query: raw.query, payload }, ctx);
    validateInput(route.contract.request, payload, origins, route.input);
    const actor = access?.actor ?? { userId: ctx.principal.userId, orgId: 'account', role: 'annotator' as const };
    return this.bus.request(route.contract, payload, { actor, projectId: access?.projectId ?? null });
  }

  private async callCustom(route: CustomRoute, ctx: RouteContext, raw: RawInput): Promise<unknown> {
    if (ctx.access) await requireAssignment(route, ctx.access, { params: ctx.params, query: raw.query, payload: {} }, ctx);
    const query = route.query ? validateInput(route.query, buildPayload(route.query, 'query', raw).payload, new Map(), 'query') : {};
    const body = route.body && route.body !== BINARY ? validateInput(route.body, raw.body ?? {}, new Map(), 'body') : undefined;
    return route.handle(ctx, { query, body });
  }

  private fail(res: Response, error: unknown): void {
    const { status, body, headers } = toApiErrorResponse(error);
    if (status >= 500) this.logger.error({ err: error instanceof Error ? error.stack : String(error), status }, body.error.message);
    if (res.headersSent) {
      // A streamed download broke after its headers: the client sees a truncated body.
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(status).json(body);
  }
}

/** The entity a change is about: the last path id after the project. */
function target(params: Record<string, string>): { type: string; id: string } | null {
  const entries = Object.entries(params).filter(([k]) => k !== 'projectId');
  const last = entries.at(-1);
  return last ? { type: last[0].replace(/Id$/, ''), id: last[1] } : null;
}
