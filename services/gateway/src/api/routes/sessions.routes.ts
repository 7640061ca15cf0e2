import { SessionSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('sessions');

/** Labeling sessions belong to their creator; annotators open them from static slices assigned to them. */
export const sessionRoutes = [
  r.contract(SessionSubjects.create, { method: 'POST', path: inProject('/sessions'), action: 'browser.read', annotator: { kind: 'slice' }, status: 201, summary: 'Open a labeling session from record ids, a browser query or a slice' }),
  r.contract(SessionSubjects.get, { method: 'GET', path: inProject('/sessions/:sessionId'), action: 'labels.assigned', summary: 'A session with its record ids and position' }),
  r.contract(SessionSubjects.move, { method: 'POST', path: inProject('/sessions/:sessionId/move'), action: 'labels.assigned', summary: 'Move to the next / previous record or to a position' }),
];
