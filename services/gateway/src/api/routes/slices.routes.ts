import { OutlierSliceSubjects, SliceSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('slices');

export const sliceRoutes = [
  r.contract(SliceSubjects.list, { method: 'GET', path: inProject('/slices'), action: 'browser.read', summary: 'Data slices (saved browser queries)' }),
  r.contract(SliceSubjects.create, { method: 'POST', path: inProject('/slices'), action: 'slices.write', status: 201, audit: 'slice.created', summary: 'Save a dynamic or static slice' }),
  r.contract(OutlierSliceSubjects.create, { method: 'POST', path: inProject('/slices/outliers'), action: 'slices.write', status: 201, audit: 'slice.created', summary: 'Save a static slice of the top outliers of an embedding' }),
  r.contract(SliceSubjects.get, { method: 'GET', path: inProject('/slices/:sliceId'), action: 'browser.read', summary: 'One slice' }),
  r.contract(SliceSubjects.update, { method: 'PATCH', path: inProject('/slices/:sliceId'), action: 'slices.write', audit: 'slice.updated', summary: 'Rename a slice or give it a new query' }),
  r.contract(SliceSubjects.delete, { method: 'DELETE', path: inProject('/slices/:sliceId'), action: 'slices.write', audit: 'slice.deleted', summary: 'Delete a slice' }),
];
