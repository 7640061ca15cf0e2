import { BrowserSubjects, OverviewSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('browser');

export const browserRoutes = [
  r.contract(BrowserSubjects.query, { method: 'POST', path: inProject('/browser/query'), action: 'browser.read', summary: 'Data browser: a page of records matching a filter, in an order (cursor or offset paging)' }),
  r.contract(OverviewSubjects.task, { method: 'GET', path: inProject('/overview/tasks/:taskId'), action: 'overview.read', summary: 'Overview of a task: distribution, confidence, confusion matrix, inter-annotator agreement' }),
];
