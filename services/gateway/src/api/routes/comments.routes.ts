import { CommentSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('comments');

export const commentRoutes = [
  r.contract(CommentSubjects.list, { method: 'GET', path: inProject('/comments'), action: 'browser.read', summary: 'Shared comments and your private ones, oldest first' }),
  r.contract(CommentSubjects.create, { method: 'POST', path: inProject('/comments'), action: 'comments.write', status: 201, summary: 'Comment on a record, task, heuristic or slice (Markdown)' }),
  r.contract(CommentSubjects.update, { method: 'PATCH', path: inProject('/comments/:commentId'), action: 'comments.write', summary: 'Edit your comment' }),
  r.contract(CommentSubjects.delete, { method: 'DELETE', path: inProject('/comments/:commentId'), action: 'comments.write', summary: 'Delete your comment' }),
];
