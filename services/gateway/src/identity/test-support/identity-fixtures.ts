import type { AuditEntry, OrgRole } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { ApiClient } from './api-client.js';

export type SignedIn = ApiClient & { userId: string };

interface Me {
  user: { id: string };
  organizations: { id: string }[];
}

/**
 * The configured admin in a browser session, once the gateway created them and their
 * organization in the background. Polled without failed logins, which would count towards the
 * admin's lockout.
 */
export async function signInConfiguredAdmin(base: string, email: string, password: string, orgId = 'local'): Promise<SignedIn> {
  const client = new ApiClient(base);
  await expectEventually(async () => {
    if ((await client.get('/api/v1/auth/setup')).as<{ required: boolean }>().required) throw new Error('admin not created yet');
  });
  const userId = (await client.login(email, password)).as<Me>().user.id;
  await expectEventually(async () => {
    if (!(await client.get('/api/v1/auth/me')).as<Me>().organizations.some((o) => o.id === orgId)) throw new Error(`organization ${orgId} not created yet`);
  });
  return Object.assign(client, { userId });
}

/** A browser session of a local account. */
export async function signInBrowser(base: string, email: string, password: string): Promise<SignedIn> {
  const client = new ApiClient(base);
  const userId = (await client.login(email, password)).as<Me>().user.id;
  return Object.assign(client, { userId });
}

/** Adds a member to `orgId` the existing way (an admin gives the password); returns their id. */
export async function addMember(admin: ApiClient, orgId: string, email: string, password: string, role: OrgRole = 'member'): Promise<string> {
  const res = await admin.post(`/api/v1/organizations/${orgId}/members`, { email, password, role });
  if (res.status !== 201) throw new Error(`adding ${email} to ${orgId}: ${res.status} ${res.text}`);
  return res.as<{ user: { id: string } }>().user.id;
}

/** The newest entries of an organization's audit log (the caller must be its admin). */
export async function orgAudit(admin: ApiClient, orgId: string): Promise<AuditEntry[]> {
  const res = await admin.get(`/api/v1/organizations/${orgId}/audit?limit=200`);
  if (res.status !== 200) throw new Error(`audit of ${orgId}: ${res.status} ${res.text}`);
  return res.as<{ entries: AuditEntry[] }>().entries;
}

/** A new member of `local` (added by `admin`), signed in in a browser. */
export async function newLocalMember(admin: ApiClient, name: string, password: string): Promise<SignedIn & { email: string }> {
  const email = `${name}@example.com`;
  await addMember(admin, 'local', email, password);
  return Object.assign(await signInBrowser(admin.base, email, password), { email });
}

/** The status of a password login (a failure counts towards the e-mail's lockout). */
export async function loginStatus(base: string, email: string, password: string): Promise<number> {
  return (await new ApiClient(base).post('/api/v1/auth/login', { email, password })).status;
}
