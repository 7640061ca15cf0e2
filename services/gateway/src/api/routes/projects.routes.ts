import { z } from 'zod';
import {
  DisplayName,
  ExportSnapshotSubjects,
  Project,
  ProjectRole,
  ProjectSnapshotImportResult,
  ProjectSnapshotSubjects,
  ProjectSubjects,
  RefineryImportResult,
  RefinerySampleId,
  SnapshotPassword,
  type Actor,
  type ReplyOf,
} from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { inProject, routesOf, type RouteContext } from './api-route.js';

const r = routesOf('projects');

const OrgChoice = z.string().min(1).max(128).optional().describe('The organization (default: your only one)');

const ProjectWithRole = Project.extend({ role: ProjectRole });
const ProjectList = z.object({ projects: z.array(ProjectWithRole) });
const ListQuery = z.object({ orgId: z.string().min(1).max(128).optional() }).strict();
const CreateBody = z.object({ name: DisplayName, description: z.string().max(5_000).default(''), orgId: OrgChoice }).strict();
const SampleBody = z.object({ sampleId: RefinerySampleId, name: DisplayName.optional(), orgId: OrgChoice }).strict();
const ImportBody = z.object({ archiveId: z.string().min(1).max(128), name: DisplayName.optional(), password: SnapshotPassword.optional(), orgId: OrgChoice }).strict();

/** The actor of an org-level request: the caller as owner of what they create in the organization. */
function orgActor(ctx: RouteContext, orgId: string): Actor {
  return { userId: ctx.principal.userId, orgId, role: 'owner' };
}

/**
 * The projects the caller can see: every project of their organizations that identity resolves
 * a role for (organization admins see all; members those they were given a role in). A token
 * limited to one project lists that one.
 */
async function listProjects(ctx: RouteContext, input: { query: unknown }): Promise<z.infer<typeof ProjectList>> {
  const { orgId } = input.query as z.infer<typeof ListQuery>;
  const orgIds = orgId !== undefined ? [await ctx.identity.organization(ctx.principal, orgId)] : await ctx.identity.organizations(ctx.principal);
  const only = ctx.principal.token?.projectId ?? null;
  const projects: z.infer<typeof ProjectWithRole>[] = [];
  for (const org of orgIds) {
    const { projects: all } = await ctx.bus.request(ProjectSubjects.list, {}, { actor: orgActor(ctx, org), projectId: null });
    for (const project of all) {
      if (only !== null && project.id !== only) continue;
      const access = await ctx.identity.project(ctx.principal, project.id).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
      if (access) projects.push({ ...project, role: access.role });
    }
  }
  return { projects };
}

async function createProject(ctx: RouteContext, input: { body: unknown }): Promise<z.infer<typeof Project>> {
  const { orgId: named, ...fields } = input.body as z.infer<typeof CreateBody>;
  const orgId = await ctx.identity.organization(ctx.principal, named);
  const project = await ctx.bus.request(ProjectSubjects.create, fields, { actor: orgActor(ctx, orgId), projectId: null });
  await ctx.identity.projectCreated(ctx.principal, orgId, project.id);
  return project;
}

/** The project goes in records (its data is purged by the services), its roles here. */
async function deleteProject(ctx: RouteContext): Promise<ReplyOf<typeof ProjectSubjects.delete>> {
  const access = ctx.access;
  if (!access) throw new Error('project deletion is a project route');
  const reply = await ctx.bus.request(ProjectSubjects.delete, {}, { actor: access.actor, projectId: access.projectId });
  await ctx.identity.projectDeleted(access.projectId);
  return reply;
}

async function importSample(ctx: RouteContext, input: { body: unknown }): Promise<z.infer<typeof RefineryImportResult>> {
  const { orgId: named, ...fields } = input.body as z.infer<typeof SampleBody>;
  const orgId = await ctx.identity.organization(ctx.principal, named);
  const result = await ctx.bus.request(ExportSnapshotSubjects.importRefinery, fields, { actor: orgActor(ctx, orgId), projectId: null });
  await ctx.identity.projectCreated(ctx.principal, orgId, result.projectId);
  return result;
}

async function importSnapshot(ctx: RouteContext, input: { body: unknown }): Promise<z.infer<typeof ProjectSnapshotImportResult>> {
  const { orgId: named, ...fields } = input.body as z.infer<typeof ImportBody>;
  const orgId = await ctx.identity.organization(ctx.principal, named);
  const result = await ctx.bus.request(ProjectSnapshotSubjects.import, fields, { actor: orgActor(ctx, orgId), projectId: null });
  await ctx.identity.projectCreated(ctx.principal, orgId, result.projectId);
  return result;
}

export const projectRoutes = [
  r.custom({ method: 'GET', path: '/projects', scope: 'account', action: null, summary: 'Projects you can see, with your role', query: ListQuery, response: ProjectList, handle: listProjects }),
  r.custom({ method: 'POST', path: '/projects', scope: 'account', action: null, status: 201, summary: 'Create a project in one of your organizations (you become its owner)', body: CreateBody, response: Project, handle: createProject }),
  r.custom({
    method: 'POST',
    path: '/projects/samples',
    scope: 'account',
    action: null,
    status: 201,
    summary: 'Create a project from a refinery sample snapshot (answers when the import is done)',
    body: SampleBody,
    response: RefineryImportResult,
    handle: importSample,
  }),
  r.custom({
    method: 'POST',
    path: '/projects/import',
    scope: 'account',
    action: null,
    status: 201,
    summary: 'Create a project from an uploaded or exported archive (answers when the import is done)',
    body: ImportBody,
    response: ProjectSnapshotImportResult,
    handle: importSnapshot,
  }),
  r.contract(ProjectSubjects.get, { method: 'GET', path: inProject(''), action: 'project.read', summary: 'A project with its record, attribute and task counts' }),
  r.contract(ProjectSubjects.rename, { method: 'PUT', path: inProject('/name'), action: 'project.settings', audit: 'project.renamed', summary: 'Rename the project' }),
  r.contract(ProjectSubjects.describe, { method: 'PUT', path: inProject('/description'), action: 'project.settings', audit: 'project.described', summary: 'Set the description' }),
  r.custom({
    method: 'DELETE',
    path: inProject(''),
    action: 'project.delete',
    audit: 'project.deleted',
    summary: 'Delete the project and all its data',
    query: z.object({}).strict(),
    response: ProjectSubjects.delete.reply,
    handle: deleteProject,
  }),
];
