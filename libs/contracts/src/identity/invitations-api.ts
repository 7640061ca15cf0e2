import { z } from 'zod';
import { DisplayName } from '../records/common.js';
import { Email, OrgRole, Password, UserView } from './identity-api.js';
import { LinkToken } from './passwords-api.js';

/** An admin invites an e-mail address into an organization with a role. */
export const CreateInvitationRequest = z.object({ email: Email, role: OrgRole.default('member') }).strict();
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

/** A pending invitation as admins see it (never its secret). */
export const InvitationView = z.object({
  id: z.string(),
  orgId: z.string(),
  email: z.string(),
  role: OrgRole,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InvitationView = z.infer<typeof InvitationView>;

/** The only response carrying the invitation's secret: the link is shown once. */
export const CreateInvitationResponse = z.object({
  invitation: InvitationView,
  /** `<AUTH_PUBLIC_URL>/invitation?token=…`: hand it to the invitee (nothing is e-mailed). */
  link: z.url(),
  /** The link's secret, for `GET/POST /api/v1/auth/invitations/{token}`. */
  token: LinkToken,
});
export type CreateInvitationResponse = z.infer<typeof CreateInvitationResponse>;

export const InvitationList = z.object({ invitations: z.array(InvitationView) });
export type InvitationList = z.infer<typeof InvitationList>;

/** What the invitation page shows to the holder of the link. */
export const InvitationDetails = z.object({
  email: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  role: OrgRole,
  expiresAt: z.iso.datetime(),
  /** True: sign in as that account, then accept; false: accepting creates a local account. */
  accountExists: z.boolean(),
});
export type InvitationDetails = z.infer<typeof InvitationDetails>;

/**
 * Accepting. Signed out, for an e-mail without an account: `password` (required) and
 * `displayName` create the local account. Signed in as the invited e-mail's account: an empty body.
 */
export const AcceptInvitationRequest = z.object({ password: Password.optional(), displayName: DisplayName.optional() }).strict();
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;

export const AcceptInvitationResponse = z.object({
  user: UserView,
  organization: z.object({ id: z.string(), name: z.string(), role: OrgRole }),
  /** A new session was started (cookies set): its CSRF token. Null when the caller's session goes on. */
  csrfToken: z.string().nullable(),
});
export type AcceptInvitationResponse = z.infer<typeof AcceptInvitationResponse>;
