import { LabelModelSubjects, WeakSupervisionRunSubjects as Runs, WeakSupervisionStatisticsSubjects as Stats } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('weak-supervision');

export const weakSupervisionRoutes = [
  r.contract(LabelModelSubjects.list, { method: 'GET', path: '/weak-supervision/models', scope: 'account', action: null, summary: 'Label models a run can use (the default marked)' }),
  r.contract(Runs.start, { method: 'POST', path: inProject('/weak-supervision/runs'), action: 'weak-supervision.run', status: 202, audit: 'weak_supervision.run_started', summary: 'Start a weak-supervision run for a task (a job; answers QUEUED)' }),
  r.contract(Runs.list, { method: 'GET', path: inProject('/weak-supervision/runs'), action: 'overview.read', summary: 'Weak-supervision runs, newest first' }),
  r.contract(Runs.get, { method: 'GET', path: inProject('/weak-supervision/runs/:runId'), action: 'overview.read', summary: 'A run with its summary and quality report' }),
  r.contract(Stats.list, { method: 'GET', path: inProject('/weak-supervision/statistics'), action: 'overview.read', summary: 'Latest heuristic statistics of every task' }),
  r.contract(Stats.get, { method: 'GET', path: inProject('/tasks/:taskId/statistics'), action: 'overview.read', summary: 'Latest heuristic statistics of a task (coverage, conflicts, precision...)' }),
  r.contract(Stats.recompute, { method: 'POST', path: inProject('/tasks/:taskId/statistics'), action: 'weak-supervision.run', summary: 'Recompute the statistics of a task now' }),
];
