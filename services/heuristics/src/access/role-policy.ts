import type { Actor } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';

/** `read`: see heuristics, lists and runs; `write`: change them or start runs. */
export type Access = 'read' | 'write';

const ALLOWED: Record<Access, ReadonlySet<Actor['role']>> = {
  read: new Set(['owner', 'engineer', 'expert', 'system']),
  write: new Set(['owner', 'engineer', 'system']),
};

/** Annotators label records; heuristics are the engineers' tool (refinery's role matrix). */
export function requireRole(actor: Actor, access: Access, subject: string): void {
  if (!ALLOWED[access].has(actor.role)) {
    throw new AppError('FORBIDDEN', `the role "${actor.role}" may not ${access === 'read' ? 'read' : 'change'} heuristics (${subject})`);
  }
}
