import { AttributeSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('attributes');

export const attributeRoutes = [
  r.contract(AttributeSubjects.list, { method: 'GET', path: inProject('/attributes'), action: 'project.read', summary: 'The project schema: attributes in order' }),
  r.contract(AttributeSubjects.create, { method: 'POST', path: inProject('/attributes'), action: 'schema.write', status: 201, audit: 'attribute.created', summary: 'Add an attribute (existing records get null)' }),
  r.contract(AttributeSubjects.update, { method: 'PATCH', path: inProject('/attributes/:attributeId'), action: 'schema.write', audit: 'attribute.updated', summary: 'Show/hide or move an attribute' }),
];
