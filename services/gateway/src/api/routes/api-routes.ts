import type { ApiRoute } from './api-route.js';
import { associationRoutes } from './associations.routes.js';
import { attributeCalculationRoutes } from './attribute-calculations.routes.js';
import { attributeRoutes } from './attributes.routes.js';
import { browserRoutes } from './browser.routes.js';
import { commentRoutes } from './comments.routes.js';
import { embeddingRoutes } from './embeddings.routes.js';
import { exportRoutes } from './exports.routes.js';
import { heuristicRoutes } from './heuristics.routes.js';
import { lookupListRoutes } from './lookup-lists.routes.js';
import { projectRoutes } from './projects.routes.js';
import { recordRoutes } from './records.routes.js';
import { sessionRoutes } from './sessions.routes.js';
import { sliceRoutes } from './slices.routes.js';
import { snapshotRoutes } from './snapshots.routes.js';
import { taskRoutes } from './tasks.routes.js';
import { uploadRoutes } from './uploads.routes.js';
import { weakSupervisionRoutes } from './weak-supervision.routes.js';

/** Every REST route of the services' capabilities (identity's own routes are Nest controllers). */
export const apiRoutes: readonly ApiRoute[] = [
  ...projectRoutes,
  ...attributeRoutes,
  ...uploadRoutes,
  ...recordRoutes,
  ...associationRoutes,
  ...taskRoutes,
  ...sessionRoutes,
  ...sliceRoutes,
  ...browserRoutes,
  ...commentRoutes,
  ...lookupListRoutes,
  ...heuristicRoutes,
  ...attributeCalculationRoutes,
  ...weakSupervisionRoutes,
  ...embeddingRoutes,
  ...exportRoutes,
  ...snapshotRoutes,
];
