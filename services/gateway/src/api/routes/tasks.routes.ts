import { LabelSubjects, TaskSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('tasks');

export const taskRoutes = [
  r.contract(TaskSubjects.list, { method: 'GET', path: inProject('/tasks'), action: 'project.read', summary: 'Labeling tasks with their labels' }),
  r.contract(TaskSubjects.create, { method: 'POST', path: inProject('/tasks'), action: 'tasks.write', status: 201, audit: 'task.created', summary: 'Create a labeling task (labels optional)' }),
  r.contract(TaskSubjects.rename, { method: 'PATCH', path: inProject('/tasks/:taskId'), action: 'tasks.write', audit: 'task.renamed', summary: 'Rename a task' }),
  r.contract(TaskSubjects.delete, { method: 'DELETE', path: inProject('/tasks/:taskId'), action: 'tasks.write', audit: 'task.deleted', summary: 'Delete a task, its labels and every association of it' }),
  r.contract(LabelSubjects.create, { method: 'POST', path: inProject('/tasks/:taskId/labels'), action: 'tasks.write', status: 201, audit: 'label.created', summary: 'Add a label to a task' }),
  r.contract(LabelSubjects.reorder, { method: 'PUT', path: inProject('/tasks/:taskId/label-order'), action: 'tasks.write', audit: 'label.reordered', summary: 'Reorder the labels of a task (every label once)' }),
  r.contract(LabelSubjects.update, { method: 'PATCH', path: inProject('/labels/:labelId'), action: 'tasks.write', audit: 'label.updated', summary: 'Rename, recolour or re-key a label' }),
  r.contract(LabelSubjects.delete, { method: 'DELETE', path: inProject('/labels/:labelId'), action: 'tasks.write', audit: 'label.deleted', summary: 'Delete a label and every association using it' }),
];
