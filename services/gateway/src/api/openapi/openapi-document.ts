import { ApiErrorResponse } from '@refinery/contracts';
import { inputJsonSchema, outputJsonSchema } from '../http/contract-schema.js';
import type { JsonSchemaNode } from '../http/query-coercion.js';
import { BINARY, type ApiRoute } from '../routes/api-route.js';
import type { DocumentedRoute } from './identity-routes.js';

export const API_PREFIX = '/api/v1';

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchemaNode;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchemaNode }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchemaNode }> } | { $ref: string }>;
  security: Record<string, string[]>[];
  'x-refinery-action'?: string;
  'x-refinery-subject'?: string;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, JsonSchemaNode>;
    responses: Record<string, { description: string; headers?: Record<string, unknown>; content: Record<string, { schema: { $ref: string } }> }>;
  };
  tags: { name: string }[];
}

const ERRORS: Record<string, [string, string]> = {
  '400': ['BadRequest', 'Invalid input: `details.issues` name each field (`body.x`, `query.x`, `path.x`)'],
  '401': ['Unauthenticated', 'No valid session cookie or API token'],
  '403': ['Forbidden', 'The role may not do this, a read token on a write, or CSRF failed'],
  '404': ['NotFound', 'Unknown, or another organization’s (never revealed)'],
  '409': ['Conflict', 'Conflicts with the current state (a name taken, a run already going)'],
  '413': ['TooLarge', 'Body or item over a limit'],
  '429': ['TooManyRequests', 'Rate limit of the IP or the credential; see Retry-After'],
  '500': ['Internal', 'Unexpected failure (logged with the request id)'],
  '503': ['Unavailable', 'The owning service does not answer'],
  '504': ['Timeout', 'The owning service did not answer in time'],
};

const CSRF_HEADER: OpenApiParameter = { name: 'X-CSRF-Token', in: 'header', required: false, description: 'Cookie sessions: the value of the refinery_csrf cookie', schema: { type: 'string' } };

/** `/projects/:projectId/tasks` → `/api/v1/projects/{projectId}/tasks`. */
export function openApiPath(path: string): string {
  return API_PREFIX + path.replace(/:(\w+)/g, '{$1}');
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
}

/**
 * The OpenAPI 3.1 document of the route table: parameters and bodies from the contracts' zod
 * schemas (`z.toJSONSchema`, JSON Schema 2020-12 as 3.1 wants), replies as responses, the error
 * shape and both ways to authenticate.
 */
export function openApiDocument(routes: readonly ApiRoute[], version: string, documented: readonly DocumentedRoute[] = []): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const add = (route: { method: string; path: string }, op: OpenApiOperation) => {
    const key = openApiPath(route.path);
    paths[key] ??= {};
    paths[key][route.method.toLowerCase()] = op;
  };
  for (const route of routes) add(route, operation(route));
  for (const route of documented) add(route, documentedOperation(route));
  return {
    openapi: '3.1.0',
    info: {
      title: 'refinery API',
      version,
      description:
        'Every capability of the refinery services. Authenticate with `Authorization: Bearer <API token>` or the session cookie of a browser login (unsafe methods then need `X-CSRF-Token`). Errors are `{error: {code, message, details}}`; every response carries `X-Request-Id` (send your own to correlate).',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (read or write scope, optionally limited to one project)' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'refinery_session', description: 'Browser session; unsafe methods need the X-CSRF-Token header' },
      },
      schemas: { Error: outputJsonSchema(ApiErrorResponse) },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, [name, description]]) => [
          name,
          {
            description,
            ...(status === '429' ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } } : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
    tags: [...new Set([...routes, ...documented].map((r) => r.tag))].map((name) => ({ name })),
  };
}

function operation(route: ApiRoute): OpenApiOperation {
  const names = pathParams(route.path);
  const request = route.kind === 'contract' ? inputJsonSchema(route.contract.request) : null;
  const properties = request?.properties ?? {};
  const parameters: OpenApiParameter[] = names.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } }));
  const querySchema = route.kind === 'contract' ? (route.input === 'query' ? request : null) : route.query ? inputJsonSchema(route.query) : null;
  if (querySchema) {
    for (const [name, schema] of Object.entries(querySchema.properties ?? {})) {
      if (names.includes(name)) continue;
      parameters.push({ name, in: 'query', required: (querySchema.required ?? []).includes(name), schema });
    }
  }
  if (route.annotator?.kind === 'record') {
    parameters.push({ name: 'sessionId', in: 'query', required: false, description: 'Annotators: the labeling session of theirs that holds the record', schema: { type: 'string' } });
  }
  if (route.method !== 'GET') {
    parameters.push(CSRF_HEADER);
  }
  const op: OpenApiOperation = {
    operationId: operationId(route),
    summary: route.summary,
    tags: [route.tag],
    parameters,
    responses: { ...success(route), ...errorResponses(route) },
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
  };
  const body = requestBody(route, names);
  if (body) op.requestBody = body;
  if (route.action) op['x-refinery-action'] = route.action;
  if (route.kind === 'contract') op['x-refinery-subject'] = route.contract.subject;
  return op;
}

function requestBody(route: ApiRoute, pathNames: string[]): OpenApiOperation['requestBody'] | null {
  if (route.kind === 'contract') {
    if (route.input !== 'body') return null;
    const schema = withoutKeys(inputJsonSchema(route.contract.request), pathNames);
    const composite = schema.anyOf !== undefined || schema.oneOf !== undefined;
    if (!composite && Object.keys(schema.properties ?? {}).length === 0) return null;
    return { required: composite || (schema.required ?? []).length > 0, content: { 'application/json': { schema } } };
  }
  if (route.body === undefined) return null;
  if (route.body === BINARY) return { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
  return { required: true, content: { 'application/json': { schema: inputJsonSchema(route.body) } } };
}

function success(route: ApiRoute): OpenApiOperation['responses'] {
  const status = String(route.status ?? 200);
  const reply = route.kind === 'contract' ? route.contract.reply : route.response;
  if (reply === BINARY) {
    const type = (route.kind === 'custom' && route.responseType) || 'application/octet-stream';
    return { [status]: { description: 'The file, streamed', content: { [type]: { schema: { type: 'string', contentMediaType: type } } } } };
  }
  return { [status]: { description: 'Success', content: { 'application/json': { schema: outputJsonSchema(reply) } } } };
}

/** An operation of a route another part of the gateway serves (identity). */
function documentedOperation(route: DocumentedRoute): OpenApiOperation {
  const parameters: OpenApiParameter[] = pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = route.query ? inputJsonSchema(route.query) : null;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) parameters.push({ name, in: 'query', required: (query?.required ?? []).includes(name), schema });
  if (route.method !== 'GET') parameters.push(CSRF_HEADER);
  const status = String(route.status);
  const success = route.response
    ? { description: 'Success', content: { 'application/json': { schema: outputJsonSchema(route.response) } } }
    : { description: route.status === 302 ? 'Redirect' : 'Done (no body)' };
  const op: OpenApiOperation = {
    operationId: operationId(route),
    summary: route.summary,
    tags: [route.tag],
    parameters,
    responses: { [status]: success, ...errorResponses({ ...route, scope: route.path.startsWith('/projects/') ? 'project' : 'account' }) },
    security: route.public ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
  };
  if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: inputJsonSchema(route.body) } } };
  return op;
}

function errorResponses(route: Pick<ApiRoute, 'scope' | 'path' | 'method'>): OpenApiOperation['responses'] {
  const statuses = ['400', '401', '403', '429', '500', '503', '504'];
  if (route.scope === 'project' || route.path.includes(':')) statuses.push('404');
  if (route.method !== 'GET') statuses.push('409', '413');
  return Object.fromEntries(statuses.sort().map((s) => [s, { $ref: `#/components/responses/${ERRORS[s]?.[0] ?? 'Internal'}` }]));
}

/** A path schema's key removed from a body schema (it comes from the path). */
function withoutKeys(schema: JsonSchemaNode, keys: string[]): JsonSchemaNode {
  if (!schema.properties || keys.length === 0) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !keys.includes(k)));
  const required = (schema.required ?? []).filter((k) => !keys.includes(k));
  return { ...schema, properties, ...(schema.required ? { required } : {}) };
}

/** `PUT /projects/:projectId/records/:recordId/labels/:taskId` → `putProjectRecordLabel`-like, unique per route. */
function operationId(route: { method: string; path: string }): string {
  const words = route.path
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter((w) => w !== '');
  return [route.method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}
