/** A JSON body as the tests read it (error bodies typed; the rest through `as`). */
export interface ApiBody {
  error?: { code: string; message: string; details?: unknown };
  [key: string]: unknown;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (an empty object for an empty or non-JSON body). */
  body: ApiBody;
  text: string;
  /** The body as the shape the test expects. */
  as<T>(): T;
}

/**
 * A browser-like client for integration tests: keeps the cookies a host sets (one jar per
 * client), echoes the CSRF cookie in `X-CSRF-Token` unless told not to, never follows redirects.
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  bearer: string | undefined;

  constructor(readonly base: string) {}

  get csrf(): string | undefined {
    return this.cookies.get('refinery_csrf');
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) headers['authorization'] ??= `Bearer ${this.bearer}`;
    if (options.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] ??= this.csrf;
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers,
      redirect: 'manual',
      ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    this.keepCookies(res.headers);
    const text = await res.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = {};
    }
    return { status: res.status, headers: res.headers, body: body as ApiBody, text, as: <T>() => body as T };
  }

  get(path: string, headers?: Record<string, string>): Promise<ApiResponse> {
    return this.request('GET', path, headers ? { headers } : {});
  }

  post(path: string, body?: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}): Promise<ApiResponse> {
    return this.request('POST', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Signs in with a password; the session and CSRF cookies land in the jar. */
  async login(email: string, password: string): Promise<ApiResponse> {
    const res = await this.post('/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`);
    return res;
  }
}
