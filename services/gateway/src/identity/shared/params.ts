import { z } from 'zod';

/** Path parameters of the identity routes. */
export const IdParam = z.string().min(1).max(200);
export const OrgParams = z.object({ orgId: IdParam }).strict();
export const OrgMemberParams = z.object({ orgId: IdParam, userId: IdParam }).strict();
export const ProjectParams = z.object({ projectId: IdParam }).strict();
export const ProjectMemberParams = z.object({ projectId: IdParam, userId: IdParam }).strict();
export const AssignmentParams = z.object({ projectId: IdParam, assignmentId: IdParam }).strict();
export const TokenParams = z.object({ tokenId: IdParam }).strict();
