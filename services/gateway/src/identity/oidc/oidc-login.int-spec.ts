// oidc-provider ships no types; the declaration beside the test describes what it uses.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./test-support/oidc-provider.d.ts" />
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { expectEventually, testEnv } from '@refinery/server-testing';
import { ApiClient } from '../test-support/api-client.js';
import { startGateway, type GatewayUnderTest } from '../test-support/gateway-under-test.js';
import { freePort } from './test-support/free-port.js';

interface Account {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

const ACCOUNTS: Record<string, Account> = {
  alice: { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice' },
  bob: { sub: 'bob-at-idp', email: 'bob@example.com', email_verified: true, name: 'Bob' },
  mallory: { sub: 'mallory', email: 'bob@example.com', email_verified: false, name: 'Mallory' },
};
const BOB_PASSWORD = 'bobs local password';

/**
 * A real OpenID provider (oidc-provider 9) on a local port. Its login and consent pages are
 * replaced by a handler that signs in `who.next` at once, the way a user would by submitting
 * the provider's form.
 */
async function startProvider(port: number, redirectUri: string, who: { next: string }): Promise<Server> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'refinery', client_secret: 'test-client-secret', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
    ttl: { Session: 3_600, Grant: 3_600, AccessToken: 600, IdToken: 600, Interaction: 600, AuthorizationCode: 60 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = Object.values(ACCOUNTS).find((a) => a.sub === sub);
      return account ? { accountId: sub, claims: () => account } : undefined;
    },
  });
  const handle = provider.callback();
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const account = ACCOUNTS[who.next];
      if (!account) throw new Error(`no test account ${who.next}`);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: account.sub, clientId: 'refinery' });
      grant.addOIDCScope('openid email profile');
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('OIDC login against a real OpenID provider', () => {
  const who = { next: 'alice' };
  let gateway: GatewayUnderTest;
  let provider: Server;
  let idpBase: string;

  beforeAll(async () => {
    const [idpPort, gatewayPort] = [await freePort(), await freePort()];
    idpBase = `http://127.0.0.1:${idpPort}`;
    const publicUrl = `http://127.0.0.1:${gatewayPort}`;
    provider = await startProvider(idpPort, `${publicUrl}/api/v1/auth/oidc/callback`, who);
    gateway = await startGateway(
      testEnv({
        HTTP_PORT: String(gatewayPort),
        AUTH_PUBLIC_URL: publicUrl,
        AUTH_ADMIN_EMAIL: 'bob@example.com',
        AUTH_ADMIN_PASSWORD: BOB_PASSWORD,
        OIDC_ISSUER_URL: idpBase,
        OIDC_CLIENT_ID: 'refinery',
        OIDC_CLIENT_SECRET: 'test-client-secret',
        OIDC_ALLOW_HTTP: 'true',
        OIDC_ORG_ID: 'local',
      }),
    );
    // The configured admin and their organization "local" (OIDC users join it) are created in the
    // background at start: sign-ins before that would find no organization to join.
    // (Polled without failed logins, which would count towards bob's lockout.)
    const admin = new ApiClient(gateway.base);
    await expectEventually(async () => {
      if ((await admin.get('/api/v1/auth/setup')).as<{ required: boolean }>().required) throw new Error('admin not created yet');
    }, { timeoutMs: 30_000 });
    await admin.login('bob@example.com', BOB_PASSWORD);
    await expectEventually(async () => {
      const orgs = (await admin.get('/api/v1/auth/me')).as<{ organizations: { id: string }[] }>().organizations;
      if (!orgs.some((o) => o.id === 'local')) throw new Error('organization "local" not created yet');
    }, { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await gateway?.close();
    await new Promise((resolve) => provider?.close(resolve));
  });

  /** Walks the browser through the provider until it is sent back to the gateway's callback. */
  async function throughProvider(browser: ApiClient, returnTo = '/projects'): Promise<URL> {
    const start = await browser.get(`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(302);
    const idp = new ApiClient(idpBase);
    let location = start.headers.get('location') ?? '';
    const authorize = new URL(location);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    for (let hop = 0; hop < 10 && !location.startsWith(gateway.base); hop++) {
      const res = await idp.get(new URL(location, idpBase).toString());
      if (res.status < 300 || res.status >= 400) throw new Error(`provider answered ${res.status}: ${res.text.slice(0, 300)}`);
      location = res.headers.get('location') ?? '';
    }
    return new URL(location);
  }

  async function signIn(account: string): Promise<{ browser: ApiClient; me: { user: { id: string; email: string; displayName: string }; organizations: { id: string; role: string }[] } }> {
    who.next = account;
    const browser = new ApiClient(gateway.base);
    const callback = await throughProvider(browser);
    const done = await browser.get(callback.pathname + callback.search);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/projects');
    const me = await browser.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    return { browser, me: me.as() };
  }

  it('signs a new user in with code + PKCE and provisions them into the configured organization', async () => {
    const { me } = await signIn('alice');
    expect(me.user).toMatchObject({ email: 'alice@example.com', displayName: 'Alice' });
    expect(me.organizations).toEqual([{ id: 'local', name: 'Local', role: 'member' }]);
  });

  it('finds the same user again by issuer and subject', async () => {
    const first = await signIn('alice');
    const second = await signIn('alice');
    expect(second.me.user.id).toBe(first.me.user.id);
  });

  it('links an existing local account only when the provider vouches for the e-mail', async () => {
    const local = new ApiClient(gateway.base);
    const bobId = (await local.login('bob@example.com', BOB_PASSWORD)).as<{ user: { id: string } }>().user.id;
    expect((await signIn('bob')).me.user.id).toBe(bobId);
    // Same e-mail, not verified by the provider: a separate user, never bob's account.
    expect((await signIn('mallory')).me.user.id).not.toBe(bobId);
  });

  it('has no password to change or reset for users who sign in only through the provider', async () => {
    const { browser, me } = await signIn('alice');
    const change = await browser.post('/api/v1/auth/password', { currentPassword: 'whatever it was', newPassword: 'a new long password' });
    expect(change.status).toBe(409);
    expect(change.body.error?.message).toBe('your account has no password: you sign in through the identity provider (OIDC); change your password there');
    const bob = new ApiClient(gateway.base);
    await bob.login('bob@example.com', BOB_PASSWORD);
    const reset = await bob.post(`/api/v1/organizations/local/members/${me.user.id}/password-reset`);
    expect(reset.status).toBe(409);
    expect(reset.body.error?.message).toBe(`user ${me.user.id} has no password to reset: they sign in through the identity provider (OIDC)`);
  });

  it('lets a provider user accept an invitation for their e-mail in their session, never by creating a second account', async () => {
    const bob = new ApiClient(gateway.base);
    await bob.login('bob@example.com', BOB_PASSWORD);
    expect((await bob.post('/api/v1/organizations', { id: 'oidc-team', name: 'OIDC team' })).status).toBe(201);
    const created = await bob.post('/api/v1/organizations/oidc-team/invitations', { email: 'alice@example.com', role: 'member' });
    expect(created.status).toBe(201);
    const token = created.as<{ token: string }>().token;
    const signedOut = await new ApiClient(gateway.base).post(`/api/v1/auth/invitations/${token}`, { password: 'a password for a twin account' });
    expect(signedOut.status).toBe(409);
    expect(signedOut.body.error?.details).toEqual({ accountExists: true });
    const { browser, me } = await signIn('alice');
    const accepted = await browser.post(`/api/v1/auth/invitations/${token}`, {});
    expect(accepted.status).toBe(201);
    expect(accepted.as<{ user: { id: string } }>().user.id).toBe(me.user.id);
    expect((await browser.get('/api/v1/auth/me')).as<{ organizations: { id: string }[] }>().organizations.map((o) => o.id)).toContain('oidc-team');
  });

  it('refuses a callback in a browser that did not start the login (state cookie)', async () => {
    who.next = 'alice';
    const callback = await throughProvider(new ApiClient(gateway.base));
    const other = await new ApiClient(gateway.base).get(callback.pathname + callback.search);
    expect(other.status).toBe(401);
    expect(other.body.error?.message).toMatch(/not started in this browser/);
  });

  it('refuses a replayed callback', async () => {
    who.next = 'alice';
    const browser = new ApiClient(gateway.base);
    const callback = await throughProvider(browser);
    const state = browser.cookies.get('refinery_oidc_state') ?? '';
    expect((await browser.get(callback.pathname + callback.search)).status).toBe(303);
    browser.cookies.set('refinery_oidc_state', state);
    const replay = await browser.get(callback.pathname + callback.search);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.message).toMatch(/expired or was used already/);
  });

  it('refuses a code from another login (PKCE verifier and state do not match)', async () => {
    who.next = 'alice';
    const victim = new ApiClient(gateway.base);
    const victimCallback = await throughProvider(victim);
    const attacker = await throughProvider(new ApiClient(gateway.base));
    // The victim's browser and state, the attacker's code: the provider refuses the verifier.
    const injected = new URL(victimCallback);
    injected.searchParams.set('code', attacker.searchParams.get('code') ?? '');
    const res = await victim.get(injected.pathname + injected.search);
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toMatch(/^OIDC login failed: /);
  });

  it('passes the provider\'s refusal on clearly', async () => {
    const browser = new ApiClient(gateway.base);
    await browser.get('/api/v1/auth/oidc/start');
    const state = browser.cookies.get('refinery_oidc_state') ?? '';
    const res = await browser.get(`/api/v1/auth/oidc/callback?error=access_denied&error_description=the+user+said+no&state=${state}`);
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'the identity provider refused the login: access_denied (the user said no)',
      details: { error: 'access_denied', errorDescription: 'the user said no' },
    });
  });

  it('names what is missing from a callback', async () => {
    const res = await new ApiClient(gateway.base).get('/api/v1/auth/oidc/callback?code=abc');
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/state/);
  });

  it('never redirects to another site after login', async () => {
    who.next = 'alice';
    const browser = new ApiClient(gateway.base);
    const callback = await throughProvider(browser, 'https://evil.example/x');
    const done = await browser.get(callback.pathname + callback.search);
    expect(done.headers.get('location')).toBe('/');
  });
});

describe('OIDC when it is not configured', () => {
  it('answers 404 naming the settings', async () => {
    const gateway = await startGateway(testEnv());
    try {
      const res = await new ApiClient(gateway.base).get('/api/v1/auth/oidc/start');
      expect(res.status).toBe(404);
      expect(res.body.error?.message).toMatch(/OIDC_ISSUER_URL/);
    } finally {
      await gateway.close();
    }
  });
});
