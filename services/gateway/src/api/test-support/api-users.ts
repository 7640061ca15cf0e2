import type { ProjectRole } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { ApiClient } from '../../identity/test-support/api-client.js';

export { ApiClient };

export const TEST_PASSWORD = 'a long test password';

/**
 * Signs in through identity's real flow (password login, then a write API token created with
 * the session and its CSRF token) and returns a client that sends the token as a bearer, as the
 * CLI does. The one place the tests get their credentials.
 */
export async function signIn(base: string, email: string, password = TEST_PASSWORD): Promise<ApiClient & { userId: string }> {
  const browser = new ApiClient(base);
  const login = await browser.login(email, password);
  const created = await browser.post('/api/v1/tokens', { name: `tests ${email}`, scope: 'write', expiresInDays: 1 });
  if (created.status !== 201) throw new Error(`token of ${email}: ${created.status} ${created.text}`);
  const client = Object.assign(new ApiClient(base), { userId: login.as<{ user: { id: string } }>().user.id });
  client.bearer = created.as<{ secret: string }>().secret;
  return client;
}

/** The configured admin, once the gateway created it (in the background at start). */
export function signInAdmin(base: string, email: string, password: string): Promise<ApiClient & { userId: string }> {
  return expectEventually(() => signIn(base, email, password), { timeoutMs: 20_000, intervalMs: 200 });
}

/** A new member of `orgId` (created by an admin of it) with a role in `projectId`. */
export async function addMember(admin: ApiClient, orgId: string, email: string, project?: { projectId: string; role: ProjectRole }): Promise<ApiClient & { userId: string }> {
  const added = await admin.post(`/api/v1/organizations/${orgId}/members`, { email, password: TEST_PASSWORD, role: 'member' });
  if (added.status !== 201) throw new Error(`adding ${email}: ${added.status} ${added.text}`);
  const member = await signIn(admin.base, email);
  if (project) {
    const set = await admin.request('PUT', `/api/v1/projects/${project.projectId}/members/${member.userId}`, { body: { role: project.role } });
    if (set.status !== 204) throw new Error(`role of ${email}: ${set.status} ${set.text}`);
  }
  return member;
}
