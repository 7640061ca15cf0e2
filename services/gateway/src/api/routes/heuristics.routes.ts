import { HeuristicSubjects, PreviewSubjects, RunSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('heuristics');

export const heuristicRoutes = [
  r.contract(HeuristicSubjects.list, { method: 'GET', path: inProject('/heuristics'), action: 'browser.read', summary: 'Heuristics (optionally of one task) with their last run' }),
  r.contract(HeuristicSubjects.create, { method: 'POST', path: inProject('/heuristics'), action: 'heuristics.write', status: 201, audit: 'heuristic.created', summary: 'Create a labeling function (python, javascript, typescript)' }),
  r.contract(HeuristicSubjects.createActiveLearner, { method: 'POST', path: inProject('/active-learners'), action: 'heuristics.write', status: 201, audit: 'heuristic.created', summary: 'Create an active learner (a classifier on an embedding, trained on the manual labels)' }),
  r.contract(HeuristicSubjects.learnerTrainingRecords, { method: 'GET', path: inProject('/tasks/:taskId/active-learner-training-records'), action: 'overview.read', summary: 'Records each active learner of a task was trained on in its last run' }),
  r.contract(HeuristicSubjects.select, { method: 'PUT', path: inProject('/heuristics/selection'), action: 'heuristics.write', audit: 'heuristic.selected', summary: 'Select or deselect heuristics for weak supervision' }),
  r.contract(PreviewSubjects.runOnSample, { method: 'POST', path: inProject('/heuristics/preview/sample'), action: 'heuristics.write', summary: '"Run on N": a stored heuristic or typed code on N random records; nothing is stored' }),
  r.contract(PreviewSubjects.runOnRecord, { method: 'POST', path: inProject('/heuristics/preview/record'), action: 'heuristics.write', summary: 'Record IDE: code on one record with its output; nothing is stored' }),
  r.contract(HeuristicSubjects.get, { method: 'GET', path: inProject('/heuristics/:heuristicId'), action: 'browser.read', summary: 'One heuristic' }),
  r.contract(HeuristicSubjects.update, { method: 'PATCH', path: inProject('/heuristics/:heuristicId'), action: 'heuristics.write', audit: 'heuristic.updated', summary: 'Change a heuristic (code takes effect at the next run)' }),
  r.contract(HeuristicSubjects.delete, { method: 'DELETE', path: inProject('/heuristics/:heuristicId'), action: 'heuristics.write', audit: 'heuristic.deleted', summary: 'Delete a heuristic, its runs and its outputs' }),
  r.contract(RunSubjects.list, { method: 'GET', path: inProject('/heuristics/:heuristicId/runs'), action: 'browser.read', summary: 'Runs of a heuristic, newest first' }),
  r.contract(RunSubjects.start, { method: 'POST', path: inProject('/heuristic-runs'), action: 'runs.start', status: 202, audit: 'heuristic_run.started', summary: 'Run heuristics on every record (one run each, queued)' }),
  r.contract(RunSubjects.get, { method: 'GET', path: inProject('/heuristic-runs/:runId'), action: 'browser.read', summary: 'A run with its counts and logs' }),
  r.contract(RunSubjects.cancel, { method: 'POST', path: inProject('/heuristic-runs/:runId/cancel'), action: 'runs.start', audit: 'heuristic_run.cancelled', summary: 'Cancel a queued or running run' }),
];
