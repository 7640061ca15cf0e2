import { z } from 'zod';
import { LinkToken } from '@refinery/contracts';

/** Path parameters of the identity routes. */
export const IdParam = z.string().min(1).max(200);
export const OrgParams = z.object({ orgId: IdParam }).strict();
export const OrgMemberParams = z.object({ orgId: IdParam, userId: IdParam }).strict();
export const ProjectParams = z.object({ projectId: IdParam }).strict();
export const ProjectMemberParams = z.object({ projectId: IdParam, userId: IdParam }).strict();
export const AssignmentParams = z.object({ projectId: IdParam, assignmentId: IdParam }).strict();
export const TokenParams = z.object({ tokenId: IdParam }).strict();
export const InvitationParams = z.object({ orgId: IdParam, invitationId: IdParam }).strict();
/** A one-time link's secret in the path (format checked by the contracts' LinkToken). */
export const LinkTokenParams = z.object({ token: LinkToken }).strict();
/** Routes that take no body refuse one with fields (an empty or absent body passes). */
export const EmptyBody = z.object({}).strict();
