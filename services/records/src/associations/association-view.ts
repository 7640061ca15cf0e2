import type { LabelAssociation } from '@refinery/contracts';
import type { AssociationDoc } from './association.js';

export function toAssociation(doc: AssociationDoc): LabelAssociation {
  return {
    id: doc._id,
    recordId: doc.recordId,
    taskId: doc.taskId,
    labelId: doc.labelId,
    source: doc.source,
    userId: doc.userId,
    sourceId: doc.sourceId,
    confidence: doc.confidence,
    start: doc.start,
    end: doc.end,
    text: doc.text,
    createdAt: doc.createdAt.toISOString(),
  };
}
