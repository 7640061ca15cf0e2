import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ProjectAction, RequestContract } from '@refinery/contracts';
import type { NatsBus } from '@refinery/server-nats';
import type { ApiAccess, Principal, ProjectAccess } from '../access/api-access.js';
import type { ApiConfig } from '../api-config.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Annotators label only what is assigned to them: on routes marked so, an annotator names the
 * assigned session (`?sessionId=`) the record belongs to; every other role needs `action`.
 */
export type AnnotatorScope =
  /** The record in path param `recordId` must be in the caller's assigned session. */
  | { kind: 'record' }
  /** The session in path param `sessionId` must be assigned to the caller. */
  | { kind: 'session' }
  /** The static slice in the body's or query's `sliceId` must be assigned to the caller. */
  | { kind: 'slice' };

interface RouteBase {
  method: HttpMethod;
  /** Below `/api/v1`, Express syntax (`/projects/:projectId/tasks/:taskId`). */
  path: string;
  /** One line for the OpenAPI document. */
  summary: string;
  /** OpenAPI tag: the domain of the route file. */
  tag: string;
  /** `project`: below `/projects/:projectId`, checked against the caller's role there. */
  scope: 'project' | 'account';
  /** Policy action a project route needs (`projectPolicy`); account routes have none. */
  action: ProjectAction | null;
  annotator?: AnnotatorScope;
  /** Success status (200 default; 201 for creations, 202 for accepted jobs). */
  status?: 200 | 201 | 202;
  /** Written to the audit log when it succeeds (changes of labels, heuristics, runs...). */
  audit?: string;
}

/** A route that is one NATS request: the payload is built from path, query or body. */
export interface ContractRoute<C extends RequestContract = RequestContract> extends RouteBase {
  kind: 'contract';
  contract: C;
  /** Where the payload comes from (path params are merged into it either way). */
  input: 'body' | 'query';
}

/** What a custom handler gets once the caller is authenticated and authorized. */
export interface RouteContext {
  req: Request;
  res: Response;
  principal: Principal;
  /** Project routes only. */
  access: ProjectAccess | null;
  params: Record<string, string>;
  bus: NatsBus;
  identity: ApiAccess;
  config: ApiConfig;
}

/** Body or response that is not JSON (uploads and downloads stream bytes). */
export const BINARY = 'binary' as const;

/**
 * A route whose work is more than one request: uploads and downloads streamed in chunks,
 * org-level project creation. It declares its schemas for validation and the OpenAPI document.
 */
export interface CustomRoute extends RouteBase {
  kind: 'custom';
  query?: z.ZodObject;
  body?: z.ZodType | typeof BINARY;
  response: z.ZodType | typeof BINARY;
  /** Content type of a binary response (OpenAPI). */
  responseType?: string;
  /** Returns the JSON response, or undefined after writing the response itself. */
  handle(ctx: RouteContext, input: { query: unknown; body: unknown }): Promise<unknown>;
}

export type ApiRoute = ContractRoute | CustomRoute;

type RouteFields = Omit<RouteBase, 'tag' | 'scope'> & { scope?: RouteBase['scope'] };

/** Route builders of one domain file: tag and scope once, then one line per route. */
export function routesOf(tag: string) {
  return {
    contract<C extends RequestContract>(contract: C, route: RouteFields & { input?: 'body' | 'query' }): ContractRoute<C> {
      const input = route.input ?? (route.method === 'GET' ? 'query' : 'body');
      return { scope: 'project', ...route, tag, kind: 'contract', contract, input };
    },
    custom(route: RouteFields & Omit<CustomRoute, keyof RouteBase | 'kind'>): CustomRoute {
      return { scope: 'project', ...route, tag, kind: 'custom' };
    },
  };
}

/** `/projects/:projectId` + `rest`. */
export function inProject(rest: string): string {
  return `/projects/:projectId${rest}`;
}
