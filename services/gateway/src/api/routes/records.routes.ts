import { RecordSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('records');

export const recordRoutes = [
  r.contract(RecordSubjects.list, { method: 'GET', path: inProject('/records'), action: 'browser.read', summary: 'Records in the default (upload) order, paged by `afterSeq` (pass back `nextAfterSeq`)' }),
  r.contract(RecordSubjects.sample, { method: 'GET', path: inProject('/records/sample'), action: 'browser.read', summary: 'n records drawn at random (a seed repeats the draw)' }),
  r.contract(RecordSubjects.get, { method: 'GET', path: inProject('/records/:recordId'), action: 'browser.read', annotator: { kind: 'record' }, summary: 'One record with its label state (annotators: add ?sessionId=)' }),
  r.contract(RecordSubjects.add, { method: 'POST', path: inProject('/records'), action: 'uploads.write', status: 201, audit: 'records.added', summary: 'Add or upsert up to 1,000 records (all or nothing)' }),
  r.contract(RecordSubjects.update, { method: 'PATCH', path: inProject('/records'), action: 'uploads.write', audit: 'records.updated', summary: 'Edit attribute values of records (edited text loses its spans)' }),
  r.contract(RecordSubjects.delete, { method: 'POST', path: inProject('/records/delete'), action: 'uploads.write', audit: 'records.deleted', summary: 'Delete records and their labels' }),
];
