import type { Actor, ProjectRole } from '../envelope.js';

/**
 * Everything a project role may or may not do, one entry per action. The rows of the role matrix
 * (gateway README, issue 8) are the groups below; this table is the only place roles are decided —
 * the gateway asks it before calling a service, and services may import it for their own check.
 */
export const projectPolicy = {
  // members, roles, project settings, delete project
  'members.manage': ['owner'],
  'roles.manage': ['owner'],
  'project.settings': ['owner'],
  'project.delete': ['owner'],
  'audit.read': ['owner'],
  // schema, uploads, tasks/labels, embeddings, heuristics, runs, weak supervision, exports, tokens
  'schema.write': ['owner', 'engineer'],
  'uploads.write': ['owner', 'engineer'],
  'tasks.write': ['owner', 'engineer'],
  'embeddings.write': ['owner', 'engineer'],
  'heuristics.write': ['owner', 'engineer'],
  'runs.start': ['owner', 'engineer'],
  'weak-supervision.run': ['owner', 'engineer'],
  'exports.create': ['owner', 'engineer'],
  'tokens.create': ['owner', 'engineer'],
  /** Engineers give sessions or static slices to annotators (and see who the members are). */
  'assignments.manage': ['owner', 'engineer'],
  'members.read': ['owner', 'engineer'],
  // data browser, slices, overview
  'browser.read': ['owner', 'engineer', 'expert'],
  'slices.write': ['owner', 'engineer', 'expert'],
  'overview.read': ['owner', 'engineer', 'expert'],
  // manual labels (reference), comments
  'labels.reference': ['owner', 'engineer', 'expert'],
  'comments.write': ['owner', 'engineer', 'expert'],
  // label the sessions / static slices assigned to them (annotators: nothing else)
  'labels.assigned': ['owner', 'engineer', 'expert', 'annotator'],
  'project.read': ['owner', 'engineer', 'expert', 'annotator'],
} as const satisfies Record<string, readonly ProjectRole[]>;

export type ProjectAction = keyof typeof projectPolicy;
export const projectActions = Object.keys(projectPolicy) as ProjectAction[];

/** True when `role` may perform `action` in a project. */
export function can(role: ProjectRole, action: ProjectAction): boolean {
  return (projectPolicy[action] as readonly ProjectRole[]).includes(role);
}

/** `can` for an envelope's actor: the platform itself (`system`) may do everything. */
export function actorCan(actor: Actor, action: ProjectAction): boolean {
  return actor.role === 'system' || can(actor.role, action);
}

/** The actions a role may perform (what the web app shows). */
export function allowedActions(role: ProjectRole): ProjectAction[] {
  return projectActions.filter((action) => can(role, action));
}
