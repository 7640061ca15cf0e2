import {
  AssociationSubjects,
  EmbeddingSubjects,
  HeuristicSubjects,
  PreviewSubjects,
  RunSubjects,
  type LabelingTask,
  type RecordView,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { HeuristicsHarness, labelIdOf, OUTSIDER } from '../test-support/heuristics-harness.js';

// Two topics a tf-idf embedding separates cleanly: every headline shares words with its own topic only.
const SPORT = ['football', 'match', 'goal', 'league', 'striker', 'coach', 'stadium', 'season'];
const POLITICS = ['parliament', 'minister', 'election', 'vote', 'senate', 'policy', 'president', 'law'];
const headline = (words: readonly string[], i: number): string => `${words[i % 8]} ${words[(i + 3) % 8]} ${words[(i + 5) % 8]} report ${i}`;
const HEADLINES = [...Array.from({ length: 40 }, (_, i) => headline(SPORT, i)), ...Array.from({ length: 40 }, (_, i) => headline(POLITICS, i))];
const topicOf = (text: string): 'sport' | 'politics' => (SPORT.some((w) => text.startsWith(w)) ? 'sport' : 'politics');

describe('active learners (heuristics + records + embeddings, real NATS/Redis/FerretDB)', () => {
  let h: HeuristicsHarness;
  let projectId: string;
  let task: LabelingTask;
  let records: RecordView[];
  let labelled: string[];
  let headlineId: string;

  beforeAll(async () => {
    h = await HeuristicsHarness.start({}, { embeddings: true });
    ({ projectId, headlineId } = await h.project(HEADLINES));
    task = await h.task(projectId, 'topic', 'CLASSIFICATION', ['sport', 'politics']);
    records = await h.records(projectId);
    // 12 manual labels per topic
    const byTopic = { sport: [] as RecordView[], politics: [] as RecordView[] };
    for (const r of records) byTopic[topicOf(String(r.data['headline']))].push(r);
    labelled = [];
    for (const topic of ['sport', 'politics'] as const) {
      for (const r of byTopic[topic].slice(0, 12)) {
        await h.call(AssociationSubjects.classify, { recordId: r.id, taskId: task.id, labelIds: [labelIdOf(task, topic)] }, projectId);
        labelled.push(r.id);
      }
    }
    const embedding = await h.call(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf', dims: 16 }, projectId);
    await expectEventually(
      async () => {
        const e = await h.call(EmbeddingSubjects.get, { embeddingId: embedding.id }, projectId);
        if (e.state !== 'FINISHED') throw new Error(`embedding ${e.state}`);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('trains on every other labelled record and writes confident predictions with their probability', async () => {
    const learner = await h.call(
      HeuristicSubjects.createActiveLearner,
      { name: 'topic learner', taskId: task.id, config: { embedding: 'headline-classification-tf-idf', minConfidence: 0.6 } },
      projectId,
    );
    expect(learner).toMatchObject({ kind: 'ACTIVE_LEARNER', language: null, config: { model: 'logistic-regression', minConfidence: 0.6, params: { C: 1 } } });
    expect(JSON.parse(learner.code)).toEqual(learner.config);

    const [started] = (await h.call(RunSubjects.start, { heuristicIds: [learner.id] }, projectId)).runs;
    const run = await h.finished(projectId, started!.id);
    expect(run.error).toBeNull();
    expect(run.state).toBe('succeeded');
    expect(run.logs.join('\n')).toMatch(/trained on 12 of 24 labelled records \(12 held out/);
    expect(run.counts.records).toBe(HEADLINES.length);

    const outputs = await h.outputsOf(projectId, task, learner.id);
    const predicted = Object.entries(outputs);
    expect(predicted.length).toBeGreaterThan(HEADLINES.length * 0.8);
    const wrong = predicted.filter(([text, labels]) => labels[0] !== topicOf(text));
    expect(wrong).toEqual([]);
    // the probability is the association's confidence
    const one = records.find((r) => outputs[String(r.data['headline'])]);
    const { associations } = await h.call(AssociationSubjects.list, { recordId: one!.id, taskId: task.id }, projectId);
    const mine = associations.find((a) => a.sourceId === learner.id);
    expect(mine?.confidence).toBeGreaterThanOrEqual(0.6);
    expect(mine?.confidence).toBeLessThanOrEqual(1);

    // weak supervision leaves the 12 training records out of the learner's statistics
    const { learners } = await h.call(HeuristicSubjects.learnerTrainingRecords, { taskId: task.id }, projectId);
    expect(learners).toEqual([{ heuristicId: learner.id, recordIds: expect.any(Array) }]);
    const training = learners[0]!.recordIds;
    expect(training).toHaveLength(12);
    expect(training.every((id) => labelled.includes(id))).toBe(true);
  }, 60_000);

  it('swaps the classifier through its config (the quickstart: a decision tree) and keeps code changes out', async () => {
    const learner = await h.call(HeuristicSubjects.createActiveLearner, { name: 'tree', taskId: task.id, config: { embedding: 'headline-classification-tf-idf' } }, projectId);
    const updated = await h.call(HeuristicSubjects.update, { heuristicId: learner.id, config: { embedding: 'headline-classification-tf-idf', model: 'decision-tree', params: { maxDepth: 3 }, minConfidence: 0.9 } }, projectId);
    expect(updated.config).toEqual({ embedding: 'headline-classification-tf-idf', model: 'decision-tree', params: { maxDepth: 3, minSamplesLeaf: 5, minSamplesSplit: 2 }, minConfidence: 0.9 });
    const [started] = (await h.call(RunSubjects.start, { heuristicIds: [learner.id] }, projectId)).runs;
    const run = await h.finished(projectId, started!.id);
    expect(run).toMatchObject({ state: 'succeeded', language: null });
    expect(run.logs.join('\n')).toMatch(/decision-tree trained on 12/);

    expect(await h.error(HeuristicSubjects.update, { heuristicId: learner.id, code: 'def lf(r): return "sport"' }, projectId)).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('an active learner has no code'),
    });
    expect(await h.error(PreviewSubjects.runOnSample, { source: { heuristicId: learner.id }, n: 5 }, projectId)).toMatchObject({ message: expect.stringContaining('active learner') });
  }, 60_000);

  it('rejects bad configurations naming the field', async () => {
    const create = (config: Record<string, unknown>, taskId = task.id) => h.error(HeuristicSubjects.createActiveLearner, { name: `bad ${Math.random()}`, taskId, config }, projectId);
    expect(await create({ embedding: 'headline-classification-tf-idf', model: 'random-forest' })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.config') });
    expect(await create({ embedding: 'headline-classification-tf-idf', params: { C: -1 } })).toMatchObject({ message: expect.stringMatching(/C/) });
    expect(await create({ embedding: 'headline-classification-tf-idf', minConfidense: 0.5 })).toMatchObject({ message: expect.stringContaining('minConfidense') });
    expect(await create({ embedding: 'nope' })).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('embedding "nope" does not exist in this project; embeddings: "headline-classification-tf-idf"'),
    });
    const spans = await h.task(projectId, 'spans', 'EXTRACTION', ['topic word'], headlineId);
    expect(await create({ embedding: 'headline-classification-tf-idf' }, spans.id)).toMatchObject({ message: expect.stringContaining('need a classification task; "spans" is extraction') });
    expect(await h.error(HeuristicSubjects.createActiveLearner, { name: 'x', taskId: task.id, config: { embedding: 'headline-classification-tf-idf' } }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
  }, 30_000);

  it('a run without two labelled classes fails clearly and keeps the previous outputs', async () => {
    const other = await h.task(projectId, 'single', 'CLASSIFICATION', ['a', 'b']);
    const learner = await h.call(HeuristicSubjects.createActiveLearner, { name: 'lonely', taskId: other.id, config: { embedding: 'headline-classification-tf-idf' } }, projectId);
    for (const r of records.slice(0, 3)) await h.call(AssociationSubjects.classify, { recordId: r.id, taskId: other.id, labelIds: [labelIdOf(other, 'a')] }, projectId);
    const [started] = (await h.call(RunSubjects.start, { heuristicIds: [learner.id] }, projectId)).runs;
    const run = await h.finished(projectId, started!.id);
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/at least 2 classes/);
    expect(await h.outputsOf(projectId, other, learner.id)).toEqual({});
  }, 30_000);
});
