import { api, pathParams } from '@refinery/sdk';
import { testEnv } from '@refinery/server-testing';
import { startService, type RunningService, type ServiceDefinition } from '@refinery/server-kit';
import { gatewayService } from '@refinery/service-gateway';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
}

/** The SDK's routes against the document the gateway serves: a renamed or removed route fails here. */
describe('the SDK is checked against the gateway’s OpenAPI document', () => {
  let gateway: RunningService;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    gateway = await startService(gatewayService as ServiceDefinition, { ...testEnv(), WEB_DIST_DIR: '/nonexistent' }, []);
    const res = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it.each(Object.entries(api))('%s is a route of the document, with its path parameters and input', (_name, endpoint) => {
    const path = `/api/v1${endpoint.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const operation = doc.paths[path]?.[endpoint.method.toLowerCase()];
    expect({ path, method: endpoint.method, found: operation !== undefined }).toEqual({ path, method: endpoint.method, found: true });
    const inPath = (operation?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
    expect(inPath).toEqual(pathParams(endpoint.path).sort());
    if (endpoint.input === 'body' || endpoint.input === 'binary') expect(operation?.requestBody).toBeDefined();
  });
});
