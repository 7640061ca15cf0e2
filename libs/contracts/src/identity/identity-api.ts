import { z } from 'zod';
import { ProjectRole } from '../envelope.js';

/** Lower-cased, trimmed e-mail address: the login name of local accounts. */
export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
/** Passwords: long enough to resist guessing, bounded so hashing cannot be used to burn CPU. */
export const Password = z.string().min(12, 'at least 12 characters').max(256);
export const OrgId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes (2–63)');
export const OrgRole = z.enum(['admin', 'member']);
export type OrgRole = z.infer<typeof OrgRole>;
const Name = z.string().trim().min(1).max(200);
const Id = z.string().min(1).max(128);

export const UserView = z.object({
  id: z.string(),
  email: z.string().nullable(),
  displayName: z.string(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof UserView>;

export const LoginRequest = z.object({ email: Email, password: z.string().min(1).max(256) }).strict();
export const SetupRequest = z
  .object({ token: z.string().min(20).max(200), email: Email, password: Password, displayName: Name.optional() })
  .strict();

export const MeResponse = z.object({
  user: UserView,
  via: z.enum(['session', 'token']),
  organizations: z.array(z.object({ id: z.string(), name: z.string(), role: OrgRole })),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** Login and setup: the session cookie is set; `csrfToken` goes into `X-CSRF-Token` on unsafe requests. */
export const LoginResponse = z.object({ user: UserView, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const OrganizationView = z.object({ id: z.string(), name: z.string(), role: OrgRole, createdAt: z.iso.datetime() });
export type OrganizationView = z.infer<typeof OrganizationView>;
export const OrgMemberView = z.object({ user: UserView, role: OrgRole, since: z.iso.datetime() });
export type OrgMemberView = z.infer<typeof OrgMemberView>;
export const ProjectMemberView = z.object({
  user: UserView,
  role: ProjectRole,
  /** `project`: granted in the project; `org-admin`: owner as an admin of the organization. */
  source: z.enum(['project', 'org-admin']),
});
export type ProjectMemberView = z.infer<typeof ProjectMemberView>;
/** The caller's role in a project and the policy actions it allows. */
export const ProjectAccessView = z.object({ projectId: z.string(), orgId: z.string(), role: ProjectRole, actions: z.array(z.string()) });
export type ProjectAccessView = z.infer<typeof ProjectAccessView>;

export const CreateOrganizationRequest = z.object({ id: OrgId.optional(), name: Name }).strict();
export const AddOrgMemberRequest = z
  .object({
    email: Email,
    role: OrgRole.default('member'),
    displayName: Name.optional(),
    /** Creates a local account when nobody has this e-mail yet. */
    password: Password.optional(),
  })
  .strict();
export const ChangeOrgMemberRequest = z.object({ role: OrgRole }).strict();
export const SetProjectRoleRequest = z.object({ role: ProjectRole }).strict();

export const AssignmentKind = z.enum(['session', 'slice']);
export type AssignmentKind = z.infer<typeof AssignmentKind>;
export const CreateAssignmentRequest = z
  .object({ userId: Id, kind: AssignmentKind, targetId: Id, locked: z.boolean().default(false) })
  .strict();

export const AssignmentView = z.object({
  id: z.string(),
  userId: z.string(),
  kind: AssignmentKind,
  targetId: z.string(),
  locked: z.boolean(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;
export const LockAssignmentRequest = z.object({ locked: z.boolean() }).strict();

export const TokenScope = z.enum(['read', 'write']);
export type TokenScope = z.infer<typeof TokenScope>;
export const CreateTokenRequest = z
  .object({
    name: Name,
    scope: TokenScope,
    projectId: Id.optional(),
    /** Days until the token expires (at most the configured maximum)... */
    expiresInDays: z.number().int().min(1).max(3_650).optional(),
    /** ...or the exact moment (in the future). One of the two is required. */
    expiresAt: z.iso.datetime().optional(),
  })
  .strict()
  .refine((r) => (r.expiresInDays === undefined) !== (r.expiresAt === undefined), {
    message: 'give expiresInDays or expiresAt (one of them)',
    path: ['expiresInDays'],
  });
export const ApiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  scope: TokenScope,
  projectId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;
/** The only response that carries the token's secret. */
export const CreateTokenResponse = z.object({ token: ApiTokenView, secret: z.string() });
export type CreateTokenResponse = z.infer<typeof CreateTokenResponse>;

/** Paging of lists: newest first, `cursor` from the previous page's `nextCursor`. */
export const PageQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() })
  .strict();

export const AuditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ userId: z.string(), via: z.enum(['session', 'token', 'system']) }),
  action: z.string(),
  orgId: z.string().nullable(),
  projectId: z.string().nullable(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
