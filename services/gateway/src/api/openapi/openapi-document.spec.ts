import * as contracts from '@refinery/contracts';
import type { RequestContract } from '@refinery/contracts';
import { apiRoutes } from '../routes/api-routes.js';
import { notExposed, platformSubjects } from '../routes/not-exposed.js';
import { identityRoutes } from './identity-routes.js';
import { openApiDocument, openApiPath, type OpenApiDocument } from './openapi-document.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every request contract exported by the contracts package, however deeply grouped. */
function allRequestSubjects(): Set<string> {
  const subjects = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > 3) return;
    if ((value as Partial<RequestContract>).kind === 'request') {
      subjects.add((value as RequestContract).subject);
      return;
    }
    for (const inner of Object.values(value)) visit(inner, depth + 1);
  };
  for (const exported of Object.values(contracts)) visit(exported, 0);
  return subjects;
}

/** Every `$ref` in the document, with where it is. */
function refs(node: unknown, at = '#'): { ref: string; at: string }[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ ref: value, at }] : refs(value, `${at}/${key}`),
  );
}

function resolve(doc: OpenApiDocument, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument(apiRoutes, '1.2.3', identityRoutes);

  it('has every route of the table', () => {
    for (const route of apiRoutes) {
      expect({ route: `${route.method} ${route.path}`, found: doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()] !== undefined }).toEqual({
        route: `${route.method} ${route.path}`,
        found: true,
      });
    }
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(apiRoutes.length + identityRoutes.length);
  });

  it('routes every request subject a user needs and says why the others are not exposed', () => {
    const routed = new Set(apiRoutes.flatMap((r) => (r.kind === 'contract' ? [r.contract.subject] : [])));
    const missing = [...allRequestSubjects()].filter((s) => !routed.has(s) && !(s in notExposed) && !platformSubjects.test(s));
    expect(missing).toEqual([]);
    const stale = Object.keys(notExposed).filter((s) => !allRequestSubjects().has(s));
    expect(stale).toEqual([]);
  });

  it('maps each method and path to one route only', () => {
    const keys = [...apiRoutes, ...identityRoutes].map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('is well-formed OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: '1.2.3' });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/api/v1/')).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS).toContain(method);
        ids.push(op.operationId);
        expect(op.operationId).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
        expect(op.summary.length).toBeGreaterThan(0);
        const inPath = op.parameters.filter((p) => p.in === 'path');
        expect({ path, method, params: inPath.map((p) => p.name).sort() }).toEqual({ path, method, params: [...templated].sort() });
        expect(inPath.every((p) => p.required)).toBe(true);
        const names = op.parameters.map((p) => `${p.in}:${p.name}`);
        expect(names.length).toBe(new Set(names).size);
        expect(Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s))).toBe(true);
        expect(Object.keys(op.responses).every((s) => /^[1-5]\d\d$/.test(s))).toBe(true);
        for (const requirement of op.security) for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
        if (method === 'get') expect(op.requestBody).toBeUndefined();
      }
    }
    expect(ids.length).toBe(new Set(ids).size);
    for (const { ref, at } of refs(doc)) expect({ ref, at, resolved: resolve(doc, ref) !== undefined }).toEqual({ ref, at, resolved: true });
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...new Set([...apiRoutes, ...identityRoutes].map((r) => r.tag))].sort());
  });

  it('describes bodies without the ids that come from the path', () => {
    const rename = doc.paths['/api/v1/projects/{projectId}/tasks/{taskId}']?.['patch'];
    const schema = rename?.requestBody?.content['application/json']?.schema;
    expect(schema?.properties).toEqual({ name: expect.any(Object) });
    expect(schema?.required).toEqual(['name']);
    expect(rename?.parameters.map((p) => p.name)).toEqual(['projectId', 'taskId', 'X-CSRF-Token']);
  });

  it('lists query parameters of GET routes with their types', () => {
    const list = doc.paths['/api/v1/projects/{projectId}/records']?.['get'];
    expect(list?.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema.type])).toEqual([
      ['afterSeq', 'integer'],
      ['limit', 'integer'],
      ['withTokens', 'boolean'],
    ]);
  });

  it('covers identity’s routes too, public ones without security', () => {
    expect(doc.paths['/api/v1/auth/login']?.['post']?.security).toEqual([]);
    expect(doc.paths['/api/v1/tokens']?.['post']?.requestBody?.content['application/json']?.schema.properties).toHaveProperty('scope');
    expect(doc.paths['/api/v1/projects/{projectId}/members/{userId}']?.['put']?.responses['204']).toEqual({ description: 'Done (no body)' });
  });

  it('describes errors, rate limits and both ways to authenticate', () => {
    expect(doc.components.schemas['Error']).toMatchObject({ type: 'object', required: ['error'] });
    expect(doc.components.responses['TooManyRequests']?.headers).toHaveProperty('Retry-After');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'cookieAuth']);
    const upload = doc.paths['/api/v1/projects/{projectId}/uploads']?.['post'];
    expect(Object.keys(upload?.requestBody?.content ?? {})).toEqual(['application/octet-stream']);
    expect(upload?.responses['202']).toBeDefined();
    expect(upload?.responses['413']).toEqual({ $ref: '#/components/responses/TooLarge' });
  });
});
