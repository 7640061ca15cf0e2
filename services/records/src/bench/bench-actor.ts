import type { Actor } from '@refinery/contracts';

/** The project owner every benchmark request acts as. */
export const OWNER: Actor = { userId: 'bench-owner', orgId: 'bench-org', role: 'owner' };
