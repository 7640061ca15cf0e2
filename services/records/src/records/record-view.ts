import type { RecordView } from '@refinery/contracts';
import type { RecordDoc } from './record.schema.js';

export function toRecordView(doc: RecordDoc, withTokens: boolean): RecordView {
  const view: RecordView = { id: doc.recordId, seq: doc.seq, key: doc.key, data: doc.data, labels: doc.labels ?? {} };
  if (withTokens) view.tokens = doc.tokens ?? {};
  return view;
}
