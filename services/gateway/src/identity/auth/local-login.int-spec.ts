import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { expectEventually, testEnv } from '@refinery/server-testing';
import { ApiClient } from '../test-support/api-client.js';
import { startGateway, type GatewayUnderTest } from '../test-support/gateway-under-test.js';

const ADMIN = { email: 'admin@example.com', password: 'a long admin password' };
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

describe('local accounts through the gateway', () => {
  let env: Record<string, string>;
  let gateway: GatewayUnderTest;
  let db: mongoose.Connection;

  beforeAll(async () => {
    env = testEnv({
      LOG_LEVEL: 'warn',
      AUTH_LOCKOUT_THRESHOLD: '3',
      // Wide enough that three slow logins on a loaded machine stay inside it.
      AUTH_LOCKOUT_WINDOW_S: '6',
      AUTH_SCRYPT_COST: '4096',
      HTTP_BODY_LIMIT: '4kb',
    });
    gateway = await startGateway(env);
    db = await mongoose.createConnection(env['MONGO_URL'] ?? '', { dbName: `${env['MONGO_DB_PREFIX']}_gateway` }).asPromise();
  });

  afterAll(async () => {
    await db?.close();
    await gateway?.close();
  });

  describe('first start without a configured admin', () => {
    let link: URL;

    beforeAll(async () => {
      link = await expectEventually(() => {
        const line = gateway.logs.map((l) => JSON.parse(l) as { setupLink?: string }).find((l) => l.setupLink);
        if (!line?.setupLink) throw new Error('no setup link logged yet');
        return new URL(line.setupLink);
      });
    });

    it('logs a setup link whose token is stored only as a hash', async () => {
      const token = link.searchParams.get('token') ?? '';
      expect(link.pathname).toBe('/setup');
      expect(token.length).toBeGreaterThanOrEqual(40);
      const docs = await db.collection('setup_tokens').find({}).toArray();
      expect(docs.map((d) => d['_id'])).toEqual([sha256(token)]);
      expect(JSON.stringify(docs)).not.toContain(token);
      expect((await new ApiClient(gateway.base).get('/api/v1/auth/setup')).body).toEqual({ required: true });
    });

    it('refuses an unknown setup token and a weak password', async () => {
      const client = new ApiClient(gateway.base);
      const unknown = await client.post('/api/v1/auth/setup', { token: 'x'.repeat(43), ...ADMIN });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error).toEqual({ code: 'UNAUTHENTICATED', message: 'unknown setup link' });
      const weak = await client.post('/api/v1/auth/setup', { token: link.searchParams.get('token'), email: ADMIN.email, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.error?.message).toMatch(/body\.password: at least 12 characters/);
    });

    it('creates the first admin once; the link cannot be used again', async () => {
      const token = link.searchParams.get('token');
      const client = new ApiClient(gateway.base);
      const first = await client.post('/api/v1/auth/setup', { token, ...ADMIN, displayName: 'Ada' });
      expect(first.status).toBe(201);
      expect(first.as<{ user: { email: string } }>().user.email).toBe(ADMIN.email);
      const me = await client.get('/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.as<{ organizations: unknown[] }>().organizations).toEqual([{ id: 'local', name: 'Local', role: 'admin' }]);

      const again = await new ApiClient(gateway.base).post('/api/v1/auth/setup', { token, email: 'eve@example.com', password: 'another long password' });
      expect(again.status).toBe(401);
      expect(again.body.error?.message).toBe('the setup link was used already');
      expect((await client.get('/api/v1/auth/setup')).body).toEqual({ required: false });
    });
  });

  describe('password login', () => {
    it('sets an HTTP-only SameSite session cookie whose id is stored hashed', async () => {
      const client = new ApiClient(gateway.base);
      const res = await client.login(ADMIN.email, ADMIN.password);
      const cookies = res.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith('refinery_session=')) ?? '';
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
      expect(cookies.find((c) => c.startsWith('refinery_csrf='))).not.toMatch(/HttpOnly/i);
      expect(res.as<{ csrfToken: string }>().csrfToken).toBe(client.csrf);
      const sessionId = client.cookies.get('refinery_session') ?? '';
      const stored = await db.collection('sessions').findOne({ _id: sha256(sessionId) as never });
      expect(stored).not.toBeNull();
      expect(JSON.stringify(await db.collection('sessions').find({}).toArray())).not.toContain(sessionId);
    });

    it('answers a wrong password and an unknown e-mail alike, with 401', async () => {
      const client = new ApiClient(gateway.base);
      const wrong = await client.post('/api/v1/auth/login', { email: ADMIN.email, password: 'not the password' });
      const unknown = await client.post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.error).toEqual({ code: 'UNAUTHENTICATED', message: 'wrong e-mail or password' });
    });

    it('locks an e-mail after repeated failures, even for the right password, until the window passes', async () => {
      const user = { email: 'locked@example.com', password: 'the right password' };
      const admin = new ApiClient(gateway.base);
      await admin.login(ADMIN.email, ADMIN.password);
      expect((await admin.post('/api/v1/organizations/local/members', { ...user, role: 'member' })).status).toBe(201);

      const client = new ApiClient(gateway.base);
      for (let i = 0; i < 2; i++) expect((await client.post('/api/v1/auth/login', { email: user.email, password: 'guess number one' })).status).toBe(401);
      const third = await client.post('/api/v1/auth/login', { email: user.email, password: 'guess number two' });
      expect(third.status).toBe(429);
      expect(third.body.error?.code).toBe('ACCOUNT_LOCKED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      const right = await client.post('/api/v1/auth/login', { email: user.email, password: user.password });
      expect(right.status).toBe(429);
      // Time-based: the lock lifts once the failures leave the 6 s window.
      await expectEventually(async () => expect((await client.post('/api/v1/auth/login', user)).status).toBe(200), { timeoutMs: 20_000, intervalMs: 500 });
    });

    it('locks unknown e-mails the same way (no account enumeration through the lockout)', async () => {
      const client = new ApiClient(gateway.base);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await client.post('/api/v1/auth/login', { email: 'ghost@example.com', password: 'some guess here' })).status);
      expect(statuses).toEqual([401, 401, 429, 429]);
    });
  });

  describe('cookie sessions', () => {
    let client: ApiClient;

    beforeEach(async () => {
      client = new ApiClient(gateway.base);
      await client.login(ADMIN.email, ADMIN.password);
    });

    it('needs a session or a token', async () => {
      const res = await new ApiClient(gateway.base).get('/api/v1/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses unsafe requests without the CSRF header, with a wrong one, or from another origin', async () => {
      const body = { name: 'Team' };
      const missing = await client.post('/api/v1/organizations', body, { csrf: false });
      expect(missing.status).toBe(403);
      expect(missing.body.error?.code).toBe('CSRF_FAILED');
      const wrong = await client.post('/api/v1/organizations', body, { headers: { 'x-csrf-token': 'forged-value' } });
      expect(wrong.status).toBe(403);
      const crossSite = await client.post('/api/v1/organizations', body, { headers: { origin: 'https://evil.example' } });
      expect(crossSite.status).toBe(403);
      expect(crossSite.body.error?.message).toMatch(/cross-origin request from https:\/\/evil\.example/);
      const ok = await client.post('/api/v1/organizations', body);
      expect(ok.status).toBe(201);
    });

    it('refuses a login posted from another origin', async () => {
      const res = await new ApiClient(gateway.base).post('/api/v1/auth/login', ADMIN, { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('CSRF_FAILED');
    });

    it('ends the session at logout; the old cookie no longer works', async () => {
      const cookie = client.cookies.get('refinery_session') ?? '';
      const out = await client.post('/api/v1/auth/logout');
      expect(out.status).toBe(204);
      expect(client.cookies.has('refinery_session')).toBe(false);
      const replay = await fetch(`${gateway.base}/api/v1/auth/me`, { headers: { cookie: `refinery_session=${cookie}` } });
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/expired or ended/);
    });
  });

  describe('bad bodies', () => {
    it('rejects malformed JSON with 400', async () => {
      const res = await new ApiClient(gateway.base).request('POST', '/api/v1/auth/login', { raw: '{"email": "a@b.c", ' });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
    });

    it('rejects a body over HTTP_BODY_LIMIT with 413', async () => {
      const res = await new ApiClient(gateway.base).post('/api/v1/auth/login', { email: ADMIN.email, password: 'x'.repeat(8_000) });
      expect(res.status).toBe(413);
      expect(res.body.error?.code).toBe('LIMIT_EXCEEDED');
    });

    it.each([
      [{ email: 'not-an-email', password: 'whatever' }, /body\.email/],
      [{ email: ADMIN.email }, /body\.password/],
      [{ email: ADMIN.email, password: 'x', admin: true }, /admin/],
      [[1, 2], /body/],
    ])('names the field at fault in %p', async (body, message) => {
      const res = await new ApiClient(gateway.base).post('/api/v1/auth/login', body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.message).toMatch(message);
    });
  });
});

describe('an expired setup link', () => {
  it('is refused', async () => {
    const env = testEnv({ LOG_LEVEL: 'warn', AUTH_SETUP_LINK_TTL_S: '1' });
    const gateway = await startGateway(env);
    try {
      const token = await expectEventually(() => {
        const line = gateway.logs.map((l) => JSON.parse(l) as { setupLink?: string }).find((l) => l.setupLink);
        if (!line?.setupLink) throw new Error('no setup link logged yet');
        return new URL(line.setupLink).searchParams.get('token');
      });
      await expectEventually(
        async () => {
          const res = await new ApiClient(gateway.base).post('/api/v1/auth/setup', { token, ...ADMIN });
          expect(res.status).toBe(401);
          expect(res.body.error?.message).toMatch(/setup link has expired/);
        },
        { timeoutMs: 5_000, intervalMs: 200 },
      );
    } finally {
      await gateway.close();
    }
  });
});
