import { AttributeCalculationSubjects as S } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('attribute-calculations');

/** Computed attributes: code that adds an attribute to every record. */
export const attributeCalculationRoutes = [
  r.contract(S.list, { method: 'GET', path: inProject('/attribute-calculations'), action: 'project.read', summary: 'Attribute calculations' }),
  r.contract(S.create, { method: 'POST', path: inProject('/attribute-calculations'), action: 'schema.write', status: 201, audit: 'attribute_calculation.created', summary: 'Create an attribute calculation' }),
  r.contract(S.runOnSample, { method: 'POST', path: inProject('/attribute-calculations/preview'), action: 'schema.write', summary: '"Run on N" of a stored calculation or typed code; nothing is stored' }),
  r.contract(S.get, { method: 'GET', path: inProject('/attribute-calculations/:calculationId'), action: 'project.read', summary: 'One attribute calculation' }),
  r.contract(S.update, { method: 'PATCH', path: inProject('/attribute-calculations/:calculationId'), action: 'schema.write', audit: 'attribute_calculation.updated', summary: 'Change the code, language or type' }),
  r.contract(S.delete, { method: 'DELETE', path: inProject('/attribute-calculations/:calculationId'), action: 'schema.write', audit: 'attribute_calculation.deleted', summary: 'Delete an attribute calculation' }),
  r.contract(S.run, { method: 'POST', path: inProject('/attribute-calculations/:calculationId/runs'), action: 'schema.write', status: 202, audit: 'attribute_calculation.run_started', summary: '"Run on all": compute the attribute for every record (a job)' }),
  r.contract(S.runs, { method: 'GET', path: inProject('/attribute-calculations/:calculationId/runs'), action: 'project.read', summary: 'Runs of a calculation, newest first' }),
  r.contract(S.getRun, { method: 'GET', path: inProject('/attribute-calculation-runs/:runId'), action: 'project.read', summary: 'A calculation run with its logs' }),
];
