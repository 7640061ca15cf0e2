import { api, type Api, type EndpointName } from './api-endpoints.js';
import { RefineryApiError } from './api-error.js';
import { fillPath, pathParams, type BinaryBody, type Endpoint, type PathParams } from './endpoints.js';

export interface ClientOptions {
  /** the gateway, e.g. `http://localhost:8080` */
  readonly url: string;
  /** an API token (`rfy_…`), sent as `Authorization: Bearer` */
  readonly token?: string;
  /**
   * per-request timeout (default 120 s); routes that answer when a job is done and streamed
   * transfers wait longer (their entry's `timeoutMs`)
   */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

type InOf<E> = E extends Endpoint<infer In, unknown, string> ? In : never;
type OutOf<E> = E extends Endpoint<unknown, infer Out, string> ? Out : never;
type PathOf<E> = E extends Endpoint<unknown, unknown, infer P> ? P : string;
export type ParamsOf<N extends EndpointName> = Record<PathParams<PathOf<Api[N]>>, string>;
/** The input without what the path carries (the gateway merges path parameters into it). */
export type InputOf<N extends EndpointName> = InOf<Api[N]> extends BinaryBody ? BinaryBody : Omit<InOf<Api[N]>, PathParams<PathOf<Api[N]>>>;
export type OutputOf<N extends EndpointName> = OutOf<Api[N]>;

/** Values of a query string: scalars as text, arrays repeated, objects as JSON. */
function queryString(input: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) q.append(key, String(v));
    else q.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * A typed client of the refinery REST API (`/api/v1`). Every method is an entry of `api`
 * (checked against the gateway's OpenAPI document by the tests); errors are RefineryApiError
 * with the gateway's code and message.
 */
export class RefineryClient {
  readonly url: string;
  private token: string | undefined;
  private cookies = new Map<string, string>();
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Signs in with a password (a cookie session for this client), e.g. to create a token. */
  async login(email: string, password: string): Promise<OutputOf<'login'>> {
    return this.call('login', {}, { email, password });
  }

  /** `query`: extra query parameters (binary uploads carry their options there). */
  async call<N extends EndpointName>(name: N, params: ParamsOf<N>, input: InputOf<N>, query: Record<string, unknown> = {}): Promise<OutputOf<N>> {
    const res = await this.send(name, params, input, query);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as OutputOf<N>;
  }

  /** A streamed (binary) response, e.g. a download; the caller reads it to its end. */
  async stream<N extends EndpointName>(name: N, params: ParamsOf<N>): Promise<ReadableStream<Uint8Array>> {
    const res = await this.send(name, params, {} as InputOf<N>, {});
    if (!res.body) throw new RefineryApiError(res.status, 'INTERNAL', `${api[name].path}: empty response body`);
    return res.body;
  }

  private async send<N extends EndpointName>(name: N, params: ParamsOf<N>, input: InputOf<N>, query: Record<string, unknown>): Promise<Response> {
    const e = api[name] as Endpoint;
    for (const p of pathParams(e.path)) if (!(p in params)) throw new Error(`${String(name)}: missing path parameter "${p}"`);
    let path = `/api/v1${fillPath(e.path, params as Record<string, string>)}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('refinery_csrf');
    if (csrf && e.method !== 'GET') {
      headers['x-csrf-token'] = csrf;
      headers['origin'] = this.url;
    }
    // GET/DELETE inputs travel in the query string; bodies are JSON or raw bytes.
    path += queryString(e.input === 'query' ? { ...(input as Record<string, unknown>), ...query } : query);
    let body: BodyInit | undefined;
    if (e.input === 'body') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input);
    } else if (e.input === 'binary') {
      headers['content-type'] = 'application/octet-stream';
      body = input as Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
    }
    // fetch sends a stream body only half-duplex (the request ends before the response is read).
    const streamed = body instanceof ReadableStream ? { duplex: 'half' as const } : {};
    const timeoutMs = Math.max(this.timeoutMs, e.timeoutMs ?? 0);
    const url = `${this.url}${path}`;
    let res: Response;
    try {
      const init: RequestInit & { duplex?: 'half' } = { method: e.method, headers, ...(body !== undefined ? { body } : {}), ...streamed, signal: AbortSignal.timeout(timeoutMs) };
      res = await this.fetchImpl(url, init);
    } catch (error) {
      throw RefineryApiError.unreachable(url, error);
    }
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    if (res.ok) return res;
    const text = await res.text();
    let error: { code?: string; message?: string; details?: unknown } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      // not JSON (a proxy's page): the status says enough
    }
    throw new RefineryApiError(res.status, error.code ?? `HTTP_${res.status}`, error.message ?? `${e.method} ${path} answered ${res.status} ${res.statusText}`, error.details, res.headers.get('x-request-id') ?? undefined);
  }
}
