import { projectRoles, type ProjectRole } from '../envelope.js';
import { actorCan, allowedActions, can, projectActions, type ProjectAction } from './project-policy.js';

// The matrix of issue 8, written out row by row independently of the policy table.
const rows: { actions: ProjectAction[]; roles: ProjectRole[] }[] = [
  { actions: ['members.manage', 'roles.manage', 'project.settings', 'project.delete', 'audit.read'], roles: ['owner'] },
  {
    actions: [
      'schema.write',
      'uploads.write',
      'tasks.write',
      'embeddings.write',
      'heuristics.write',
      'runs.start',
      'weak-supervision.run',
      'exports.create',
      'tokens.create',
      'assignments.manage',
      'members.read',
    ],
    roles: ['owner', 'engineer'],
  },
  { actions: ['browser.read', 'slices.write', 'overview.read'], roles: ['owner', 'engineer', 'expert'] },
  { actions: ['labels.reference', 'comments.write'], roles: ['owner', 'engineer', 'expert'] },
  { actions: ['labels.assigned', 'project.read'], roles: ['owner', 'engineer', 'expert', 'annotator'] },
];

describe('the project role matrix', () => {
  it('covers every action exactly once', () => {
    const listed = rows.flatMap((r) => r.actions);
    expect([...listed].sort()).toEqual([...projectActions].sort());
  });

  const cells = rows.flatMap((row) =>
    row.actions.flatMap((action) => projectRoles.map((role) => ({ action, role, allowed: row.roles.includes(role) }))),
  );
  it.each(cells)('$role may $action: $allowed', ({ role, action, allowed }) => {
    expect(can(role, action)).toBe(allowed);
  });

  it('lets annotators do nothing but label what is assigned to them', () => {
    expect(allowedActions('annotator')).toEqual(['labels.assigned', 'project.read']);
  });

  it('lets the platform itself act everywhere and an actor with a role only where the role may', () => {
    expect(actorCan({ userId: 'system', orgId: 'system', role: 'system' }, 'project.delete')).toBe(true);
    expect(actorCan({ userId: 'u', orgId: 'o', role: 'expert' }, 'project.delete')).toBe(false);
    expect(actorCan({ userId: 'u', orgId: 'o', role: 'expert' }, 'browser.read')).toBe(true);
  });
});
