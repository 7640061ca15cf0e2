import { Module } from '@nestjs/common';
import { AccountsService } from './accounts/accounts.service.js';
import { CredentialRepository } from './accounts/credential.repository.js';
import { LoginFailureRepository } from './accounts/login-failure.repository.js';
import { UserRepository } from './accounts/user.repository.js';
import { AuditLogService } from './audit/audit-log.service.js';
import { EventAuditService } from './audit/event-audit.service.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthHttpController } from './auth/auth.http-controller.js';
import { InvitationAcceptanceHttpController } from './invitations/invitation-acceptance.http-controller.js';
import { InvitationRepository } from './invitations/invitation.repository.js';
import { InvitationsHttpController } from './invitations/invitations.http-controller.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { IdentityNotificationAuth } from './notifications/identity-notification-auth.js';
import { OidcService } from './oidc/oidc.service.js';
import { OidcRepository } from './oidc/oidc.repository.js';
import { OrganizationRepository } from './organizations/organization.repository.js';
import { OrganizationsHttpController } from './organizations/organizations.http-controller.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { OrgMemberRepository } from './organizations/org-member.repository.js';
import { AssignmentRepository } from './projects/assignment.repository.js';
import { AssignmentsService } from './projects/assignments.service.js';
import { ProjectAccessService } from './projects/project-access.service.js';
import { ProjectDirectoryService } from './projects/project-directory.service.js';
import { ProjectIdentityHttpController } from './projects/project-identity.http-controller.js';
import { ProjectMemberRepository } from './projects/project-member.repository.js';
import { PasswordChangeService } from './passwords/password-change.service.js';
import { PasswordResetRepository } from './passwords/password-reset.repository.js';
import { PasswordResetsService } from './passwords/password-resets.service.js';
import { PasswordsHttpController } from './passwords/passwords.http-controller.js';
import { ProjectMembersService } from './projects/project-members.service.js';
import { SessionRepository } from './sessions/session.repository.js';
import { SessionService } from './sessions/session.service.js';
import { SetupTokenRepository } from './setup/setup-token.repository.js';
import { SetupService } from './setup/setup.service.js';
import { ApiExceptionFilter } from './shared/api-exception.filter.js';
import { LinkClaimRepository } from './shared/link-claim.repository.js';
import { IDENTITY_CLOCK, systemClock } from './shared/tokens.js';
import { ApiTokenRepository } from './tokens/api-token.repository.js';
import { ApiTokensHttpController } from './tokens/api-tokens.http-controller.js';
import { ApiTokensService } from './tokens/api-tokens.service.js';

/**
 * Identity and access for `/api/v1`: accounts, passwords (change, admins' reset links), sessions,
 * OIDC, organizations and their invitations, project roles, assignments, API tokens and the audit log. The REST routes of the other features use the
 * exported AuthGuard (who calls), ProjectAccessService (the actor for NATS, the policy check),
 * AssignmentsService (annotators' labeling check), AuditLogService and ApiExceptionFilter; the
 * notifications socket uses IdentityNotificationAuth.
 */
@Module({
  controllers: [
    AuthHttpController,
    PasswordsHttpController,
    InvitationAcceptanceHttpController,
    OrganizationsHttpController,
    InvitationsHttpController,
    ProjectIdentityHttpController,
    ApiTokensHttpController,
  ],
  providers: [
    { provide: IDENTITY_CLOCK, useValue: systemClock },
    UserRepository,
    CredentialRepository,
    LoginFailureRepository,
    AccountsService,
    SessionRepository,
    SessionService,
    SetupTokenRepository,
    SetupService,
    OidcRepository,
    OidcService,
    OrganizationRepository,
    OrgMemberRepository,
    OrganizationsService,
    LinkClaimRepository,
    InvitationRepository,
    InvitationsService,
    PasswordResetRepository,
    PasswordChangeService,
    PasswordResetsService,
    ProjectMemberRepository,
    AssignmentRepository,
    ProjectDirectoryService,
    ProjectAccessService,
    ProjectMembersService,
    AssignmentsService,
    ApiTokenRepository,
    ApiTokensService,
    AuditRepository,
    AuditLogService,
    EventAuditService,
    AuthGuard,
    ApiExceptionFilter,
    IdentityNotificationAuth,
  ],
  exports: [
    AuthGuard,
    ProjectAccessService,
    ProjectMembersService,
    AssignmentsService,
    OrganizationsService,
    AuditLogService,
    ApiExceptionFilter,
    SessionService,
    ApiTokensService,
    IdentityNotificationAuth,
    IDENTITY_CLOCK,
  ],
})
export class IdentityModule {}
