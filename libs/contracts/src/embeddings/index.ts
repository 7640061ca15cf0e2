// Contracts of the embeddings service: embeddings, similarity and outliers, vectors.
export * from './embeddings.js';
export * from './similarity.js';
export * from './vectors.js';
export * from './outlier-slices.js';
