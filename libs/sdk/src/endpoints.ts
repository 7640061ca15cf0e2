import type { z } from 'zod';
import type { RequestContract } from '@refinery/contracts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route of `/api/v1`: method, path (Express syntax) and, for routes that are one service
 * request, the shared contract that types its input and output. The SDK's methods are built on
 * this table, and a test checks every entry against the gateway's OpenAPI document.
 */
export interface Endpoint<In = unknown, Out = unknown, Path extends string = string> {
  readonly method: HttpMethod;
  readonly path: Path;
  /** JSON body (POST/PUT/PATCH) or query string (GET/DELETE) */
  readonly input: 'body' | 'query' | 'binary' | 'none';
  /**
   * How long the call may take at least, when longer than the client's default: routes that
   * answer when a job is done, and transfers whose body streams for as long as the file needs.
   */
  readonly timeoutMs?: number;
  /** phantom types */
  readonly _in?: In;
  readonly _out?: Out;
}

/** What the gateway may add to a service's time: authentication, routing, the reply's way back. */
const GATEWAY_MARGIN_MS = 30_000;

/**
 * An endpoint typed by a contract: input = the contract's request minus the path params. It
 * waits as long as the gateway waits for the service (the contract's timeout) and a margin.
 */
export function contractEndpoint<C extends RequestContract, const Path extends string>(contract: C, method: HttpMethod, path: Path): Endpoint<z.input<C['request']>, z.infer<C['reply']>, Path> {
  return { method, path, input: method === 'GET' || method === 'DELETE' ? 'query' : 'body', timeoutMs: contract.timeoutMs + GATEWAY_MARGIN_MS };
}

export function endpoint<In, Out, const Path extends string = string>(method: HttpMethod, path: Path, input: Endpoint['input'], options: { timeoutMs?: number } = {}): Endpoint<In, Out, Path> {
  return { method, path, input, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) };
}

/** The body of a binary upload: bytes in memory, or a stream (sent as it is read, never held whole). */
export type BinaryBody = Uint8Array | ReadableStream<Uint8Array>;

/** The `:name` parameters of a path, as a union of names. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | PathParams<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

/** `/projects/:projectId/tasks` + {projectId} → `/projects/p1/tasks`; a missing param is a caller bug. */
export function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(value);
  });
}

/** Path parameter names of an endpoint. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
