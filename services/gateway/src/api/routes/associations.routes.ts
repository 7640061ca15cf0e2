import { AssociationSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('labels');
const assigned = { kind: 'record' } as const;

/** Manual and gold labels of one record; annotators name their labeling session (?sessionId=). */
export const associationRoutes = [
  r.contract(AssociationSubjects.list, { method: 'GET', path: inProject('/records/:recordId/labels'), action: 'browser.read', annotator: assigned, summary: 'Visible label associations of a record and its reference labels per task' }),
  r.contract(AssociationSubjects.classify, { method: 'PUT', path: inProject('/records/:recordId/labels/:taskId'), action: 'labels.reference', annotator: assigned, audit: 'labels.set', summary: 'Set your (or the gold) labels of a classification task on a record; [] clears' }),
  r.contract(AssociationSubjects.addSpan, { method: 'POST', path: inProject('/records/:recordId/spans'), action: 'labels.reference', annotator: assigned, status: 201, audit: 'labels.span_added', summary: 'Label a span [start, end) (snapped to tokens) of an extraction task' }),
  r.contract(AssociationSubjects.remove, { method: 'DELETE', path: inProject('/records/:recordId/labels/associations/:associationId'), action: 'labels.reference', annotator: assigned, audit: 'labels.removed', summary: 'Remove one of your manual (or a gold) associations' }),
];
