import { z } from 'zod';
import {
  AcceptInvitationRequest,
  AcceptInvitationResponse,
  AddOrgMemberRequest,
  ApiTokenView,
  AssignmentKind,
  AuditEntry,
  ChangeOrgMemberRequest,
  ChangePasswordRequest,
  CreateInvitationRequest,
  CreateInvitationResponse,
  CreateAssignmentRequest,
  CreateOrganizationRequest,
  CreateTokenRequest,
  InvitationDetails,
  InvitationList,
  LockAssignmentRequest,
  LoginRequest,
  MeResponse,
  OrgRole,
  PageQuery,
  PasswordResetDetails,
  PasswordResetLinkResponse,
  ProjectRole,
  ResetPasswordRequest,
  SetProjectRoleRequest,
  SetupRequest,
  UserView,
} from '@refinery/contracts';
import type { HttpMethod } from '../routes/api-route.js';

/**
 * A route served by another part of the gateway (identity's Nest controllers), listed so the
 * OpenAPI document covers the whole `/api/v1`. Schemas come from the contracts where they exist;
 * the reply shapes identity keeps as TypeScript interfaces are written out below. The
 * integration test calls each one to catch a route that moved.
 */
export interface DocumentedRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  /** Callable without credentials. */
  public?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** null: no body (204) or a redirect (302). */
  response: z.ZodType | null;
  status: 200 | 201 | 204 | 302;
}

const Organization = z.object({ id: z.string(), name: z.string(), role: OrgRole, createdAt: z.iso.datetime() });
const OrgMember = z.object({ user: UserView, role: OrgRole, since: z.iso.datetime() });
const ProjectMember = z.object({ user: UserView, role: ProjectRole, source: z.enum(['project', 'org-admin']) });
const Assignment = z.object({ id: z.string(), userId: z.string(), kind: AssignmentKind, targetId: z.string(), locked: z.boolean(), createdBy: z.string(), createdAt: z.iso.datetime() });
const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
const SignedIn = z.object({ user: UserView, csrfToken: z.string() });

const auth = (route: Omit<DocumentedRoute, 'tag'>): DocumentedRoute => ({ tag: 'identity', ...route });

export const identityRoutes: readonly DocumentedRoute[] = [
  auth({ method: 'POST', path: '/auth/login', public: true, summary: 'Sign in with e-mail and password (sets the session and CSRF cookies)', body: LoginRequest, response: SignedIn, status: 200 }),
  auth({ method: 'POST', path: '/auth/logout', summary: 'End the browser session', response: null, status: 204 }),
  auth({ method: 'GET', path: '/auth/me', summary: 'Who is calling, how, and their organizations', response: MeResponse, status: 200 }),
  auth({ method: 'GET', path: '/auth/setup', public: true, summary: 'Whether the first admin still has to be set up', response: z.object({ required: z.boolean() }), status: 200 }),
  auth({ method: 'POST', path: '/auth/setup', public: true, summary: 'Create the first admin with the setup link’s token', body: SetupRequest, response: SignedIn, status: 201 }),
  auth({ method: 'GET', path: '/auth/oidc/start', public: true, summary: 'Start an OIDC login (redirects to the provider)', query: z.object({ returnTo: z.string().max(2_000).optional() }), response: null, status: 302 }),
  auth({ method: 'GET', path: '/auth/oidc/callback', public: true, summary: 'OIDC redirect target (redirects to returnTo)', response: null, status: 302 }),
  auth({ method: 'GET', path: '/organizations', summary: 'Your organizations', response: z.object({ organizations: z.array(Organization) }), status: 200 }),
  auth({ method: 'POST', path: '/organizations', summary: 'Create an organization (you become its admin)', body: CreateOrganizationRequest, response: Organization, status: 201 }),
  auth({ method: 'GET', path: '/organizations/:orgId', summary: 'One of your organizations', response: Organization, status: 200 }),
  auth({ method: 'GET', path: '/organizations/:orgId/members', summary: 'Members of an organization', response: z.object({ members: z.array(OrgMember) }), status: 200 }),
  auth({ method: 'POST', path: '/organizations/:orgId/members', summary: 'Add a member (admins; a password creates a local account)', body: AddOrgMemberRequest, response: OrgMember, status: 201 }),
  auth({ method: 'PATCH', path: '/organizations/:orgId/members/:userId', summary: 'Change a member’s role (admins)', body: ChangeOrgMemberRequest, response: null, status: 204 }),
  auth({ method: 'DELETE', path: '/organizations/:orgId/members/:userId', summary: 'Remove a member (admins)', response: null, status: 204 }),
  auth({ method: 'GET', path: '/organizations/:orgId/audit', summary: 'Audit log of an organization (admins), newest first', query: PageQuery, response: AuditPage, status: 200 }),
  auth({ method: 'GET', path: '/projects/:projectId/access', summary: 'Your role in a project and the actions it allows', response: z.object({ projectId: z.string(), orgId: z.string(), role: ProjectRole, actions: z.array(z.string()) }), status: 200 }),
  auth({ method: 'GET', path: '/projects/:projectId/members', summary: 'Who has which role in the project', response: z.object({ members: z.array(ProjectMember) }), status: 200 }),
  auth({ method: 'PUT', path: '/projects/:projectId/members/:userId', summary: 'Give a member of the organization a role (owners)', body: SetProjectRoleRequest, response: null, status: 204 }),
  auth({ method: 'DELETE', path: '/projects/:projectId/members/:userId', summary: 'Take a member’s role away (owners)', response: null, status: 204 }),
  auth({ method: 'GET', path: '/projects/:projectId/assignments', summary: 'Sessions and static slices assigned to annotators', response: z.object({ assignments: z.array(Assignment) }), status: 200 }),
  auth({ method: 'POST', path: '/projects/:projectId/assignments', summary: 'Assign a session or a static slice to a member', body: CreateAssignmentRequest, response: Assignment, status: 201 }),
  auth({ method: 'PATCH', path: '/projects/:projectId/assignments/:assignmentId', summary: 'Lock or unlock an assignment', body: LockAssignmentRequest, response: null, status: 204 }),
  auth({ method: 'DELETE', path: '/projects/:projectId/assignments/:assignmentId', summary: 'Remove an assignment', response: null, status: 204 }),
  auth({ method: 'GET', path: '/projects/:projectId/audit', summary: 'Audit log of a project (owners), newest first', query: PageQuery, response: AuditPage, status: 200 }),
  auth({ method: 'GET', path: '/tokens', summary: 'Your API tokens (never their secrets)', response: z.object({ tokens: z.array(ApiTokenView) }), status: 200 }),
  auth({ method: 'POST', path: '/tokens', summary: 'Create an API token; the secret is in this response only', body: CreateTokenRequest, response: z.object({ token: ApiTokenView, secret: z.string() }), status: 201 }),
  auth({ method: 'DELETE', path: '/tokens/:tokenId', summary: 'Revoke an API token', response: null, status: 204 }),
  auth({ method: 'POST', path: '/auth/password', summary: 'Change your password (browser session, with the current one; ends your other sessions)', body: ChangePasswordRequest, response: null, status: 204 }),
  auth({ method: 'GET', path: '/auth/password-reset/:token', public: true, summary: 'Whose password a reset link sets, and until when', response: PasswordResetDetails, status: 200 }),
  auth({ method: 'POST', path: '/auth/password-reset/:token', public: true, summary: 'Set a new password with an admin’s one-time reset link (ends all sessions of the user)', body: ResetPasswordRequest, response: null, status: 204 }),
  auth({ method: 'GET', path: '/auth/invitations/:token', public: true, summary: 'What an invitation link is for', response: InvitationDetails, status: 200 }),
  auth({ method: 'POST', path: '/auth/invitations/:token', public: true, summary: 'Accept an invitation (signed out: creates the local account and signs in; signed in as the invited e-mail: joins)', body: AcceptInvitationRequest, response: AcceptInvitationResponse, status: 201 }),
  auth({ method: 'GET', path: '/organizations/:orgId/invitations', summary: 'Pending invitations of an organization (admins)', response: InvitationList, status: 200 }),
  auth({ method: 'POST', path: '/organizations/:orgId/invitations', summary: 'Invite an e-mail with a role (admins); the link is in this response only', body: CreateInvitationRequest, response: CreateInvitationResponse, status: 201 }),
  auth({ method: 'DELETE', path: '/organizations/:orgId/invitations/:invitationId', summary: 'Revoke a pending invitation (admins)', response: null, status: 204 }),
  auth({ method: 'POST', path: '/organizations/:orgId/members/:userId/password-reset', summary: 'One-time password reset link for a member (admins of all the member’s organizations; browser session); shown once', response: PasswordResetLinkResponse, status: 201 }),
];
