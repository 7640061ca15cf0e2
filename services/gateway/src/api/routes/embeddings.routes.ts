import { EmbeddingSubjects, SimilaritySubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('embeddings');

export const embeddingRoutes = [
  r.contract(EmbeddingSubjects.list, { method: 'GET', path: inProject('/embeddings'), action: 'project.read', summary: 'Embeddings with their state and progress' }),
  r.contract(EmbeddingSubjects.create, { method: 'POST', path: inProject('/embeddings'), action: 'embeddings.write', status: 202, audit: 'embedding.created', summary: 'Define an embedding of an attribute and start computing it' }),
  r.contract(EmbeddingSubjects.get, { method: 'GET', path: inProject('/embeddings/:embeddingId'), action: 'project.read', summary: 'One embedding' }),
  r.contract(EmbeddingSubjects.delete, { method: 'DELETE', path: inProject('/embeddings/:embeddingId'), action: 'embeddings.write', audit: 'embedding.deleted', summary: 'Delete an embedding and its vectors' }),
  r.contract(EmbeddingSubjects.refresh, { method: 'POST', path: inProject('/embeddings/:embeddingId/refresh'), action: 'embeddings.write', status: 202, summary: 'Embed records without a vector or with changed text' }),
  r.contract(SimilaritySubjects.find, { method: 'GET', path: inProject('/embeddings/:embeddingId/similar/:recordId'), action: 'browser.read', summary: 'Records nearest to a record, nearest first' }),
  r.contract(SimilaritySubjects.outliers, { method: 'GET', path: inProject('/embeddings/:embeddingId/outliers'), action: 'browser.read', summary: 'The most unusual records of an embedding' }),
];
