import { VectorSubjects, type Actor } from '@refinery/contracts';
import { AppError, type Logger } from '@refinery/server-core';
import type { NatsBus } from '@refinery/server-nats';
import type { EmbeddingsImportPlan } from './embeddings-import-plan.js';

/**
 * Hands the snapshot's vectors to the embeddings service (embeddings.vectors.import.v1: begin,
 * pages, commit) as frozen embeddings. A deployment without an embeddings service (nobody answers
 * `begin`) imports the rest and logs that the vectors were left out; any other failure fails the
 * import (which then deletes the project: every service purges its part).
 */
export async function importEmbeddings(
  bus: NatsBus,
  logger: Logger,
  plan: EmbeddingsImportPlan,
  inProject: { actor: Actor; projectId: string },
): Promise<{ embeddings: number; vectors: number; skipped: number }> {
  for (const reason of plan.skipped) logger.warn({ projectId: inProject.projectId, reason }, 'not imported');
  const total = { embeddings: 0, vectors: 0, skipped: plan.skipped.length };
  const meta = { ...inProject, timeoutMs: 60_000 };
  for (const item of plan.imports) {
    let embeddingId: string;
    try {
      embeddingId = (await bus.request(VectorSubjects.import, item.begin, meta)).embedding.id;
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAVAILABLE' && error.message.startsWith('no service answers')) {
        logger.warn({ projectId: inProject.projectId, embedding: item.name }, 'no embeddings service runs: the snapshot vectors are not imported');
        total.skipped += plan.imports.length - total.embeddings;
        return total;
      }
      throw error;
    }
    for (const page of item.pages) await bus.request(VectorSubjects.import, { step: 'page', embeddingId, ...page }, meta);
    total.vectors += (await bus.request(VectorSubjects.import, { step: 'commit', embeddingId }, meta)).stored;
    total.embeddings++;
  }
  return total;
}
