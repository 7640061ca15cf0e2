import {
  AssociationSubjects,
  HeuristicSubjects,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  UploadSubjects,
  MAX_UPLOAD_CHUNK_BYTES,
  type Actor,
  type LabelingTask,
  type RequestContract,
} from '@refinery/contracts';
import { expectEventually, type TestBus } from '@refinery/server-testing';
import type { z } from 'zod';

export const OWNER: Actor = { userId: 'bench-owner', orgId: 'bench-org', role: 'owner' };
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

export class BenchClient {
  constructor(readonly t: TestBus) {}
  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null): Promise<z.infer<C['reply']>> {
    return this.t.bus.request(contract, payload, { actor: OWNER, projectId, timeoutMs: 120_000 });
  }
}

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface BenchProject {
  projectId: string;
  tasks: { taskId: string; heuristicIds: string[] }[];
}

/**
 * The browser suite's project shape (as services/records/src/bench/browser.bench.ts builds it):
 * `rows` records with a ~12-word text, tasks "topic" (5 labels) and "quality" (2), four heuristics
 * (three on topic, one on quality) with outputs on 40–50 % of the records, weak supervision on both
 * tasks (80 % / 70 %), 500 manual labels. Records come in as one JSONL upload.
 */
export async function buildBenchProject(c: BenchClient, rows: number): Promise<BenchProject> {
  const projectId = (await c.call(ProjectSubjects.create, { name: `export bench ${Date.now()}` })).id;
  const rnd = lcg(11);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const text = Array.from({ length: 12 }, () => WORDS[Math.floor(rnd() * WORDS.length)] ?? 'x').join(' ');
    lines.push(JSON.stringify({ id: i, text }));
  }
  const bytes = Buffer.from(lines.join('\n'));
  const { uploadId } = await c.call(UploadSubjects.start, { format: 'JSONL', options: { lenient: false, primaryKey: ['id'] } }, projectId);
  for (let seq = 0, at = 0; at < bytes.length; seq++, at += MAX_UPLOAD_CHUNK_BYTES) {
    await c.call(UploadSubjects.chunk, { uploadId, seq, data: bytes.subarray(at, at + MAX_UPLOAD_CHUNK_BYTES).toString('base64') }, projectId);
  }
  await c.call(UploadSubjects.commit, { uploadId }, projectId);
  await expectEventually(
    async () => {
      const u = await c.call(UploadSubjects.get, { uploadId }, projectId);
      if (u.state === 'FAILED') throw new Error(`upload failed: ${JSON.stringify(u.problems.slice(0, 3))}`);
      if (u.state !== 'COMPLETED') throw new Error(`upload ${u.state}`);
    },
    { timeoutMs: 300_000, intervalMs: 250 },
  );
  const ids = await recordIds(c, projectId);
  const topic: LabelingTask = await c.call(TaskSubjects.create, { name: 'topic', kind: 'CLASSIFICATION', labels: ['sports', 'politics', 'tech', 'culture', 'science'].map((name) => ({ name })) }, projectId);
  const quality: LabelingTask = await c.call(TaskSubjects.create, { name: 'quality', kind: 'CLASSIFICATION', labels: [{ name: 'good' }, { name: 'bad' }] }, projectId);
  const topicLabels = topic.labels.map((l) => l.id);
  const qualityLabels = quality.labels.map((l) => l.id);
  const heuristic = async (name: string, taskId: string) =>
    (await c.call(HeuristicSubjects.create, { name, language: 'javascript', code: 'function lf(record) { return null; }', taskId }, projectId)).id;
  const topicHeuristics = [await heuristic('lf_one', topic.id), await heuristic('lf_two', topic.id), await heuristic('lf_three', topic.id)];
  const qualityHeuristic = await heuristic('lf_quality', quality.id);
  for (const [i, sourceId] of topicHeuristics.entries()) await writeSource(c, projectId, { source: 'HEURISTIC', sourceId, taskId: topic.id }, ids, topicLabels, 0.4, 100 + i);
  await writeSource(c, projectId, { source: 'HEURISTIC', sourceId: qualityHeuristic, taskId: quality.id }, ids, qualityLabels, 0.5, 200);
  await writeSource(c, projectId, { source: 'WEAK_SUPERVISION', sourceId: topic.id, taskId: topic.id }, ids, topicLabels, 0.8, 300);
  await writeSource(c, projectId, { source: 'WEAK_SUPERVISION', sourceId: quality.id, taskId: quality.id }, ids, qualityLabels, 0.7, 301);
  const pick = lcg(7);
  for (let i = 0; i < 500; i++) {
    const recordId = ids[Math.floor(pick() * ids.length)] ?? '';
    await c.call(AssociationSubjects.classify, { recordId, taskId: topic.id, labelIds: [topicLabels[i % topicLabels.length] ?? ''] }, projectId);
  }
  return {
    projectId,
    tasks: [
      { taskId: topic.id, heuristicIds: topicHeuristics },
      { taskId: quality.id, heuristicIds: [qualityHeuristic] },
    ],
  };
}

async function recordIds(c: BenchClient, projectId: string): Promise<string[]> {
  const ids: string[] = [];
  let afterSeq = -1;
  for (;;) {
    const page = await c.call(RecordSubjects.list, { afterSeq, limit: 2_000 }, projectId);
    ids.push(...page.records.map((r) => r.id));
    if (page.nextAfterSeq === null) return ids;
    afterSeq = page.nextAfterSeq;
  }
}

/** One bulk source: each record gets a label with probability `coverage`. */
async function writeSource(
  c: BenchClient,
  projectId: string,
  ref: { source: 'HEURISTIC' | 'WEAK_SUPERVISION'; sourceId: string; taskId: string },
  ids: readonly string[],
  labels: readonly string[],
  coverage: number,
  seed: number,
): Promise<void> {
  const rnd = lcg(seed);
  const items = ids.flatMap((recordId) => (rnd() < coverage ? [{ recordId, labelId: labels[Math.floor(rnd() * labels.length)] ?? labels[0] ?? '', confidence: Math.round((0.5 + rnd() / 2) * 1000) / 1000 }] : []));
  const { generation } = await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
  for (let i = 0; i < items.length; i += 5_000) {
    await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items: items.slice(i, i + 5_000) }, projectId);
  }
  await c.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
}
