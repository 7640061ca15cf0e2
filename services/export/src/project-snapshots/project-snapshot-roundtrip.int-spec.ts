import { join, resolve } from 'node:path';
import {
  AssociationSubjects,
  AttributeCalculationSubjects,
  AttributeSubjects,
  CommentSubjects,
  EmbeddingSubjects,
  ExportSnapshotSubjects,
  HealthSubjects,
  HeuristicSubjects,
  LookupListSubjects,
  LookupTermSubjects,
  ProjectSnapshotPartSubjects,
  ProjectSnapshotSubjects,
  ProjectSubjects,
  RecordSubjects,
  RunSubjects,
  SimilaritySubjects,
  SliceSubjects,
  TaskSubjects,
  isIdField,
  snapshotId,
  type Actor,
  type BulkItem,
  type LabelingTask,
} from '@refinery/contracts';
import { zipSync } from 'fflate';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// A snapshot is a conversation with the records, heuristics and embeddings services: the test runs them (as tests/platform does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { embeddingsService } from '@refinery/service-embeddings';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';
import { readArchive } from './archive-reader.js';
import { ArchiveWriter } from './archive-writer.js';

const ADA: Actor = { userId: 'ada', orgId: 'org-project-snapshots', role: 'owner' };
const BOB: Actor = { userId: 'bob', orgId: 'org-project-snapshots', role: 'annotator' };
const SAMPLES = join(process.env['REFINERY_SHARED_DATA_DIR'] ?? resolve(import.meta.dirname, '../../../../../shared/data'), 'refinery-samples');
const LONG = { actor: ADA, timeoutMs: 300_000 };
const PASSWORD = 'correct horse battery';

type Files = Map<string, unknown[]>;

const EMBEDDING = 'headline-classification-tf-idf';

describe('project snapshots (our format): export, import, round trip', () => {
  let records: RunningService;
  let heuristics: RunningService;
  let embeddings: RunningService | null;
  let exporter: RunningService;
  let client: TestBus;
  /** `vectors`: the same project exported with `includeVectors`. */
  let source: { projectId: string; archiveId: string; files: Files; vectors: { archiveId: string; files: Files } };

  const inProject = (projectId: string, actor: Actor = ADA) => ({ actor, projectId, timeoutMs: 30_000 });

  beforeAll(async () => {
    const env = testEnv({ REFINERY_SAMPLES_DIR: SAMPLES });
    records = await startService(recordsService, env, []);
    heuristics = await startService(heuristicsService, env, []);
    embeddings = await startService(embeddingsService, env, []);
    exporter = await startService(exportService, env, []);
    client = await testBus(env);
    for (const service of ['records', 'heuristics', 'embeddings', 'export'] as const) {
      await expectEventually(() => client.bus.request(HealthSubjects[service].check, {}), { timeoutMs: 15_000 });
    }
    const projectId = await buildProject();
    const exported = await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId });
    const withVectors = await client.bus.request(ProjectSnapshotSubjects.export, { includeVectors: true }, { ...LONG, projectId });
    source = {
      projectId,
      archiveId: exported.archive.archiveId,
      files: await download(exported.archive.archiveId),
      vectors: { archiveId: withVectors.archive.archiveId, files: await download(withVectors.archive.archiveId) },
    };
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    await exporter?.close();
    await embeddings?.close();
    await heuristics?.close();
    await records?.close();
  });

  /** Two tasks, manual labels of two users incl. gold and spans, heuristic and weak-supervision outputs, code, lists, slices, comments. */
  async function buildProject(): Promise<string> {
    const project = await client.bus.request(ProjectSubjects.create, { name: 'Snapshot source', description: 'headlines to label' }, { actor: ADA });
    const p = inProject(project.id);
    for (const [name, dataType, isPrimaryKey] of [['id', 'INTEGER', true], ['headline', 'TEXT', false], ['score', 'FLOAT', false]] as const) {
      await client.bus.request(AttributeSubjects.create, { name, dataType, isPrimaryKey }, p);
    }
    const headlines = ['You will not believe what cats did in Berlin', 'Parliament passes the new budget in Paris', 'Ten reasons why cats rule', 'Merkel visits Rome', 'Budget talks fail'];
    await client.bus.request(RecordSubjects.add, { records: headlines.map((headline, i) => ({ data: { id: i + 1, headline, score: i / 10 } })) }, p);
    const ids = (await client.bus.request(RecordSubjects.list, { limit: 100 }, p)).records.map((r) => r.id);
    const embedding = await client.bus.request(EmbeddingSubjects.create, { attributeName: 'headline', model: 'tf-idf', dims: 4 }, p);
    await expectEventually(async () => expect((await client.bus.request(EmbeddingSubjects.get, { embeddingId: embedding.id }, p)).state).toBe('FINISHED'), { timeoutMs: 60_000 });
    const headlineId = (await client.bus.request(AttributeSubjects.list, {}, p)).attributes.find((a) => a.name === 'headline')?.id ?? '';
    const clickbait: LabelingTask = await client.bus.request(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null, labels: [{ name: 'yes' }, { name: 'no' }] }, p);
    const entities: LabelingTask = await client.bus.request(TaskSubjects.create, { name: 'entities', kind: 'EXTRACTION', attributeId: headlineId, labels: [{ name: 'PERSON' }, { name: 'PLACE' }] }, p);
    const label = (t: LabelingTask, name: string) => t.labels.find((l) => l.name === name)?.id ?? '';
    const [r0, r1, r2, r3] = ids as [string, string, string, string];
    await client.bus.request(AssociationSubjects.classify, { recordId: r0, taskId: clickbait.id, labelIds: [label(clickbait, 'yes')] }, p);
    await client.bus.request(AssociationSubjects.classify, { recordId: r1, taskId: clickbait.id, labelIds: [label(clickbait, 'no')] }, p);
    await client.bus.request(AssociationSubjects.classify, { recordId: r0, taskId: clickbait.id, labelIds: [label(clickbait, 'no')] }, inProject(project.id, BOB));
    await client.bus.request(AssociationSubjects.classify, { recordId: r2, taskId: clickbait.id, labelIds: [label(clickbait, 'yes')], gold: true }, p);
    // Both classes among the active learner's training rows (every other labelled record: r1 and r4).
    await client.bus.request(AssociationSubjects.classify, { recordId: ids[4] ?? '', taskId: clickbait.id, labelIds: [label(clickbait, 'yes')] }, inProject(project.id, BOB));
    await client.bus.request(AssociationSubjects.addSpan, { recordId: r0, taskId: entities.id, labelId: label(entities, 'PLACE'), start: 38, end: 44 }, p);
    await client.bus.request(AssociationSubjects.addSpan, { recordId: r3, taskId: entities.id, labelId: label(entities, 'PERSON'), start: 0, end: 6 }, p);
    // The heuristics service makes a list per extraction label (from records' task events): wait for them, then add our own.
    await expectEventually(async () => expect((await client.bus.request(LookupListSubjects.list, {}, p)).lists).toHaveLength(2), { timeoutMs: 15_000 });
    const countries = await client.bus.request(LookupListSubjects.create, { name: 'countries', description: 'places' }, p);
    await client.bus.request(LookupTermSubjects.add, { listId: countries.id, terms: ['Germany', 'France', 'Italy'] }, p);
    await client.bus.request(LookupTermSubjects.blacklist, { listId: countries.id, term: 'France' }, p);
    // The spans' texts become terms of their labels' lists (from records' span events).
    await expectEventually(async () => expect((await client.bus.request(LookupListSubjects.list, {}, p)).lists.reduce((n, l) => n + l.termCount + l.blacklistedCount, 0)).toBe(5), { timeoutMs: 15_000 });
    const js = await client.bus.request(HeuristicSubjects.create, { name: 'cats', language: 'javascript', code: "function lf(record) {\n  return record.headline.includes('cats') ? 'yes' : null;\n}", taskId: clickbait.id }, p);
    const py = await client.bus.request(HeuristicSubjects.create, { name: 'budget', language: 'python', code: "def lf(record):\n    if 'budget' in record['headline'].text.lower():\n        return 'no'", taskId: clickbait.id, selected: false }, p);
    const spans = await client.bus.request(HeuristicSubjects.create, { name: 'capitals', language: 'javascript', code: "function* lf(record) {\n  const i = record.headline.indexOf('Paris');\n  if (i >= 0) yield ['PLACE', i, i + 5];\n}", taskId: entities.id }, p);
    await client.bus.request(HeuristicSubjects.createActiveLearner, { name: 'learner', taskId: clickbait.id, config: { embedding: EMBEDDING } }, p);
    await client.bus.request(AttributeCalculationSubjects.create, { name: 'headline_length', dataType: 'INTEGER', language: 'javascript', code: 'function ac(record) { return record.headline.length; }' }, p);
    const replace = async (source: 'HEURISTIC' | 'WEAK_SUPERVISION', sourceId: string, taskId: string, items: BulkItem[]) => {
      const ref = { source, sourceId, taskId };
      const { generation } = await client.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, p);
      await client.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, p);
      await client.bus.request(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, p);
    };
    await replace('HEURISTIC', js.id, clickbait.id, [r0, r2].map((recordId) => ({ recordId, labelId: label(clickbait, 'yes'), confidence: null })));
    await replace('HEURISTIC', py.id, clickbait.id, [{ recordId: r1, labelId: label(clickbait, 'no'), confidence: null }]);
    await replace('HEURISTIC', spans.id, entities.id, [{ recordId: r1, labelId: label(entities, 'PLACE'), confidence: null, start: 36, end: 41 }]);
    // Weak supervision keys its outputs by task (as the weak-supervision service does).
    await replace('WEAK_SUPERVISION', clickbait.id, clickbait.id, [
      { recordId: r0, labelId: label(clickbait, 'yes'), confidence: 0.91 },
      { recordId: r1, labelId: label(clickbait, 'no'), confidence: 0.77 },
    ]);
    await replace('WEAK_SUPERVISION', entities.id, entities.id, [{ recordId: r1, labelId: label(entities, 'PLACE'), confidence: 0.66, start: 36, end: 41 }]);
    await client.bus.request(SliceSubjects.create, { name: 'manual yes', kind: 'DYNAMIC', query: { filter: { kind: 'MANUAL_LABEL', taskId: clickbait.id, op: 'IS', labelIds: [label(clickbait, 'yes')], by: { userId: 'ada' } } } }, p);
    await client.bus.request(SliceSubjects.create, { name: 'predicted', kind: 'STATIC', query: { filter: { kind: 'ANY_HEURISTIC', taskId: clickbait.id } } }, p);
    await client.bus.request(CommentSubjects.create, { targetType: 'RECORD', targetId: r0, text: 'is this **clickbait**?' }, p);
    await client.bus.request(CommentSubjects.create, { targetType: 'TASK', targetId: clickbait.id, text: 'only my note', visibility: 'PRIVATE' }, inProject(project.id, BOB));
    await client.bus.request(CommentSubjects.create, { targetType: 'HEURISTIC', targetId: js.id, text: 'too greedy' }, p);
    return project.id;
  }

  /** The archive's files and lines, downloaded chunk by chunk (as the gateway will). */
  async function download(archiveId: string, password?: string): Promise<Files> {
    const bytes = await downloadBytes(archiveId);
    const files: Files = new Map();
    async function* once() {
      yield bytes;
    }
    for await (const e of readArchive(once(), password)) {
      if (e.kind === 'file') files.set(e.name, []);
      if (e.kind === 'line') files.get(e.name)?.push(e.name.endsWith('.jsonl') ? JSON.parse(e.text) : e.text);
    }
    return files;
  }

  async function downloadBytes(archiveId: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const chunk = await client.bus.request(ProjectSnapshotSubjects.download, { archiveId, offset, length: 200_000 }, { actor: ADA });
      parts.push(Buffer.from(chunk.data, 'base64'));
      offset += Buffer.from(chunk.data, 'base64').length;
      if (chunk.eof) return Buffer.concat(parts);
    }
  }

  async function upload(bytes: Buffer): Promise<string> {
    let uploadId: string | null = null;
    for (let offset = 0; ; offset += 300_000) {
      const piece = bytes.subarray(offset, offset + 300_000);
      const final = offset + 300_000 >= bytes.length;
      const reply: { uploadId: string; archive: { archiveId: string } | null } = await client.bus.request(ProjectSnapshotSubjects.upload, { uploadId, offset, data: piece.toString('base64'), final }, { actor: ADA });
      uploadId = reply.uploadId;
      if (final) return reply.archive?.archiveId ?? '';
    }
  }

  /** Writes files (as read) into a new archive with a fresh manifest, or the given one. */
  async function rebuild(files: Files, manifest?: unknown): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const writer = await ArchiveWriter.open({ write: async (c) => void chunks.push(Buffer.from(c)), end: async () => undefined }, undefined);
    const header = JSON.parse((files.get('header.json') ?? []).join('\n')) as Record<string, unknown>;
    await writer.addJson('header.json', header);
    const byPart = new Map<string, { collection: string; file: string; lines: number; bytes: number; sha256: string }[]>();
    for (const [file, lines] of files) {
      if (!file.endsWith('.jsonl')) continue;
      const [part, name] = file.replace('.jsonl', '').split('/') as [string, string];
      await writer.startFile(file, name);
      await writer.appendLines(lines);
      const entry = await writer.closeFile();
      if (entry) byPart.set(part, [...(byPart.get(part) ?? []), entry]);
    }
    await writer.addJson('manifest.json', manifest ?? { ...header, parts: [...byPart].map(([name, f]) => ({ name, files: f })), skippedParts: [] });
    await writer.finish();
    return Buffer.concat(chunks);
  }

  async function importError(archiveId: string, extra: { name?: string; password?: string } = {}): Promise<{ code?: string; message?: string }> {
    try {
      await client.bus.request(ProjectSnapshotSubjects.import, { archiveId, ...extra }, LONG);
    } catch (e) {
      return e as { code?: string; message?: string };
    }
    throw new Error('the import succeeded');
  }

  async function projectNames(): Promise<string[]> {
    return (await client.bus.request(ProjectSubjects.list, {}, { actor: ADA })).projects.map((p) => p.name);
  }

  /** The source archive's lines as the imported project must hold them: ids mapped with the import's salt. */
  function expected(files: Files, salt: string): Files {
    const lists = new Map((files.get('heuristics/lookup-lists.jsonl') ?? []).map((l) => l as { id: string; labelId: string | null }).map((l) => [l.id, l.labelId === null ? snapshotId(salt, l.id) : `label-${snapshotId(salt, l.labelId)}`]));
    const map = (value: unknown, key = ''): unknown => {
      if (key === 'data') return value;
      if (typeof value === 'string') return key === 'listId' ? lists.get(value) : key === 'id' || isIdField(key) ? snapshotId(salt, value) : value;
      if (Array.isArray(value)) return value.map((v) => map(v, key));
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v, k)]));
      return value;
    };
    const out: Files = new Map();
    for (const [file, lines] of files) {
      if (!file.endsWith('.jsonl')) continue;
      if (file === 'heuristics/lookup-lists.jsonl') out.set(file, lines.map((l) => ({ ...(map(l) as object), id: lists.get((l as { id: string }).id) })));
      else out.set(file, lines.map((l) => map(l)));
    }
    return out;
  }

  /** Order-free comparison: lines (and a record's labels) sorted; the project line without name and creation time (a new project's own). */
  function canonical(files: Files): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [file, lines] of files) {
      if (!file.endsWith('.jsonl')) continue;
      out[file] = lines
        .map((l) => {
          const line = { ...(l as Record<string, unknown>) };
          if (file === 'records/project.jsonl') {
            delete line['name'];
            delete line['createdAt'];
          }
          if (Array.isArray(line['labels'])) line['labels'] = (line['labels'] as unknown[]).map((a) => JSON.stringify(a)).sort();
          return JSON.stringify(line);
        })
        .sort();
    }
    return out;
  }

  /** Waits until every embedding of an imported project holds as many vectors as its archive line says (recomputed when imported without). */
  async function settled(projectId: string, files: Files): Promise<void> {
    const want = Object.fromEntries((files.get('embeddings/embeddings.jsonl') ?? []).map((l) => l as { name: string; vectorCount: number }).map((l) => [l.name, l.vectorCount]));
    await expectEventually(
      async () => {
        const { embeddings: list } = await client.bus.request(EmbeddingSubjects.list, {}, inProject(projectId));
        expect(Object.fromEntries(list.map((e) => [e.name, e.vectors]))).toEqual(want);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  it('exports every part: the embeddings part with the definition and its embedder state, vectors only when asked', async () => {
    const exported = await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId: source.projectId });
    expect(exported.skippedParts).toEqual([]);
    expect(exported.counts).toEqual({
      records: { project: 1, attributes: 3, tasks: 2, labels: 4, records: 5, slices: 2, 'slice-members': 1, comments: 3 },
      heuristics: { 'lookup-lists': 3, 'lookup-terms': 5, heuristics: 4, 'attribute-calculations': 1 },
      embeddings: { embeddings: 1, 'embedder-states': 1, 'embedder-state-chunks': expect.any(Number) },
    });
    expect(source.files.get('embeddings/embeddings.jsonl')).toEqual([expect.objectContaining({ name: EMBEDDING, model: 'tf-idf', state: 'FINISHED', frozen: false, vectorCount: 5, metric: 'cosine' })]);
    expect(source.files.get('embeddings/embedder-states.jsonl')).toEqual([expect.objectContaining({ kind: 'fitted-sentence', model: 'tf-idf' })]);
    expect(source.files.has('embeddings/vectors.jsonl')).toBe(false);
    const vectorLines = source.vectors.files.get('embeddings/vectors.jsonl') as { recordIds: string[]; vectors: string }[];
    const recordIds = (source.files.get('records/records.jsonl') as { id: string }[]).map((r) => r.id);
    expect(vectorLines.flatMap((l) => l.recordIds).sort()).toEqual([...recordIds].sort());
    const dims = (source.files.get('embeddings/embeddings.jsonl')?.[0] as { dims: number }).dims;
    expect(vectorLines.reduce((n, l) => n + Buffer.from(l.vectors, 'base64').length, 0)).toBe(5 * dims * 4);
    expect(exported.archive).toMatchObject({ encrypted: false, origin: 'export', sourceProjectId: source.projectId });
    const record0 = source.files.get('records/records.jsonl')?.[0] as { labels: { source: string; userId: string | null }[] };
    expect(record0.labels.map((a) => `${a.source}:${a.userId ?? '-'}`).sort()).toEqual(['HEURISTIC:-', 'MANUAL:ada', 'MANUAL:ada', 'MANUAL:bob', 'WEAK_SUPERVISION:-']);
  }, 120_000);

  it('imports as a new, independent project: re-exported, it equals the source after id mapping (lossless)', async () => {
    const imported = await client.bus.request(ProjectSnapshotSubjects.import, { archiveId: source.archiveId, name: 'Snapshot copy' }, LONG);
    expect(imported.projectId).not.toBe(source.projectId);
    // Imported without vectors, the embedding computes them again from its imported embedder state.
    expect(imported.counts['embeddings']).toEqual({ embeddings: 1, 'embedder-states': 1, 'embedder-state-chunks': expect.any(Number) });
    await settled(imported.projectId, source.files);
    const again = await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId: imported.projectId });
    const copy = await download(again.archive.archiveId);
    expect(canonical(copy)).toEqual(canonical(expected(source.files, imported.idSalt)));
    // And it works as a project: its records carry the labels, its slice and heuristics are there under the new ids.
    const p = inProject(imported.projectId);
    expect((await client.bus.request(ProjectSubjects.get, {}, p)).recordCount).toBe(5);
    const slices = (await client.bus.request(SliceSubjects.list, {}, p)).slices;
    expect(slices.map((s) => [s.name, s.size]).sort()).toEqual([['manual yes', 1], ['predicted', 3]]);
    const names = (await client.bus.request(HeuristicSubjects.list, {}, p)).heuristics.map((h) => h.name).sort();
    expect(names).toEqual(['budget', 'capitals', 'cats', 'learner']);
    // The recomputed vectors are the source's, bit for bit (the same vocabulary, idf and PCA).
    const withVectors = await client.bus.request(ProjectSnapshotSubjects.export, { includeVectors: true }, { ...LONG, projectId: imported.projectId });
    const vectors = (await download(withVectors.archive.archiveId)).get('embeddings/vectors.jsonl');
    expect(canonical(new Map([['embeddings/vectors.jsonl', vectors ?? []]]))).toEqual(canonical(new Map([['embeddings/vectors.jsonl', expected(source.vectors.files, imported.idSalt).get('embeddings/vectors.jsonl') ?? []]])));
  }, 300_000);

  it('round-trips the vectors too: similarity answers at once with the new record ids, and the active learner runs', async () => {
    const imported = await client.bus.request(ProjectSnapshotSubjects.import, { archiveId: source.vectors.archiveId, name: 'Snapshot with vectors' }, LONG);
    expect(imported.counts['embeddings']).toMatchObject({ embeddings: 1, vectors: 1 });
    const p = inProject(imported.projectId);
    const [embedding] = (await client.bus.request(EmbeddingSubjects.list, {}, p)).embeddings;
    const sourceEmbedding = (source.files.get('embeddings/embeddings.jsonl')?.[0] as { id: string }).id;
    expect(embedding).toMatchObject({ id: snapshotId(imported.idSalt, sourceEmbedding), name: EMBEDDING, state: 'FINISHED', vectors: 5, frozen: false });
    const again = await client.bus.request(ProjectSnapshotSubjects.export, { includeVectors: true }, { ...LONG, projectId: imported.projectId });
    expect(canonical(await download(again.archive.archiveId))).toEqual(canonical(expected(source.vectors.files, imported.idSalt)));

    const recordIds = (source.files.get('records/records.jsonl') as { id: string }[]).map((r) => r.id);
    const query = { recordId: recordIds[0] ?? '', threshold: 'none' as const, limit: 10 };
    const before = await client.bus.request(SimilaritySubjects.find, { ...query, embeddingId: sourceEmbedding }, inProject(source.projectId));
    const after = await client.bus.request(SimilaritySubjects.find, { ...query, embeddingId: embedding?.id ?? '', recordId: snapshotId(imported.idSalt, query.recordId) }, p);
    expect(after.hits).toEqual(before.hits.map((h) => ({ ...h, id: snapshotId(imported.idSalt, h.id) })));

    const learner = (await client.bus.request(HeuristicSubjects.list, {}, p)).heuristics.find((h) => h.name === 'learner');
    expect(learner).toMatchObject({ kind: 'ACTIVE_LEARNER', config: expect.objectContaining({ embedding: EMBEDDING }) });
    const [run] = (await client.bus.request(RunSubjects.start, { heuristicIds: [learner?.id ?? ''] }, p)).runs;
    const finished = await expectEventually(
      async () => {
        const r = await client.bus.request(RunSubjects.get, { runId: run?.id ?? '' }, p);
        if (r.state === 'queued' || r.state === 'running') throw new Error(`run ${r.id} is ${r.state}`);
        return r;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(finished).toMatchObject({ state: 'succeeded', error: null });
    expect(finished.logs.join('\n')).toMatch(/read 5 vectors of "headline-classification-tf-idf"[^]*trained on 2 of 3 labelled records/);
  }, 300_000);

  it('round-trips a password-protected archive; a wrong password or a changed byte imports nothing', async () => {
    const sealed = await client.bus.request(ProjectSnapshotSubjects.export, { password: PASSWORD }, { ...LONG, projectId: source.projectId });
    expect(sealed.archive.encrypted).toBe(true);
    const imported = await client.bus.request(ProjectSnapshotSubjects.import, { archiveId: sealed.archive.archiveId, name: 'Sealed copy', password: PASSWORD }, LONG);
    await settled(imported.projectId, source.files);
    const again = await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId: imported.projectId });
    expect(canonical(await download(again.archive.archiveId))).toEqual(canonical(expected(source.files, imported.idSalt)));

    expect(await importError(sealed.archive.archiveId, { name: 'Wrong password', password: 'not the password' })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/wrong password/) });
    expect(await importError(sealed.archive.archiveId, { name: 'No password' })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/password-protected/) });
    const bytes = await downloadBytes(sealed.archive.archiveId);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0x20;
    const tampered = await upload(bytes);
    expect(await importError(tampered, { name: 'Tampered', password: PASSWORD })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/tampered with or is damaged/) });
    expect((await projectNames()).filter((n) => ['Wrong password', 'No password', 'Tampered'].includes(n))).toEqual([]);
  }, 300_000);

  it('names the part, file, line and field of a bad archive and leaves nothing of it', async () => {
    const files = new Map([...source.files].map(([f, lines]) => [f, [...lines]]));
    const recordLines = files.get('records/records.jsonl') as Record<string, unknown>[];
    recordLines[3] = { ...recordLines[3], labels: [{ ...(recordLines[0]?.['labels'] as Record<string, unknown>[])[0], labelId: 'no-such-label' }] };
    expect(await importError(await upload(await rebuild(files)), { name: 'Bad label' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^part "records" \(records\/records\.jsonl\): records line 4: labels\.0\.labelId: label no-such-label is not a label of task/),
    });
    const heuristicLines = files.get('heuristics/heuristics.jsonl') as Record<string, unknown>[];
    const badCode = new Map(source.files);
    badCode.set('heuristics/heuristics.jsonl', heuristicLines.map((h, i) => (i === 1 ? { ...h, language: 'cobol' } : h)));
    expect(await importError(await upload(await rebuild(badCode)), { name: 'Bad heuristic' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^part "heuristics" \(heuristics\/heuristics\.jsonl\): heuristics line 2: language: /),
    });
    // Changed after the manifest was written: every page was sent, the commit never happens.
    const manifest = JSON.parse((source.files.get('manifest.json') ?? []).join('\n')) as unknown;
    const edited = new Map(source.files);
    edited.set('records/comments.jsonl', (source.files.get('records/comments.jsonl') ?? []).map((c) => ({ ...(c as object), text: 'edited' })));
    expect(await importError(await upload(await rebuild(edited, manifest)), { name: 'Edited' })).toMatchObject({ code: 'VALIDATION_FAILED', message: 'records/comments.jsonl: its content differs from the manifest\'s checksum (changed or damaged)' });
    const unknownPart = new Map(source.files);
    unknownPart.set('rockets/fuel.jsonl', [{ id: 'x' }]);
    expect(await importError(await upload(await rebuild(unknownPart)), { name: 'Rockets' })).toMatchObject({ message: expect.stringMatching(/part "rockets" this version does not know/) });
    expect(await importError(await upload(Buffer.from('just some text, no archive')), { name: 'Text' })).toMatchObject({ message: expect.stringMatching(/neither a zip archive nor a password-protected snapshot/) });
    expect((await projectNames()).filter((n) => ['Bad label', 'Bad heuristic', 'Edited', 'Rockets', 'Text'].includes(n))).toEqual([]);
    expect(await importError(source.archiveId, { name: 'Snapshot source' })).toMatchObject({ code: 'CONFLICT' });
    expect(await importError('0123456789abcdef01234567')).toMatchObject({ code: 'NOT_FOUND' });
  }, 300_000);

  /** A copy of the source archive's files with one file's lines changed. */
  function edit(file: string, change: (lines: Record<string, unknown>[]) => unknown[], base: () => Files = () => source.files): Files {
    const files = new Map(base());
    files.set(file, change((base().get(file) ?? []).map((l) => ({ ...(l as Record<string, unknown>) }))));
    return files;
  }
  const withVectors = () => source.vectors.files;

  const badArchives: [string, () => Files, RegExp][] = [
    ['unknown attribute in a record', () => edit('records/records.jsonl', (ls) => ls.map((l, i) => (i === 1 ? { ...l, data: { ...(l['data'] as object), nope: 1 } } : l))), /^part "records" \(records\/records\.jsonl\): records line 2: data\.nope: unknown attribute/],
    ['a span outside its text', () => edit('records/records.jsonl', (ls) => ls.map((l) => (Array.isArray(l['labels']) ? { ...l, labels: (l['labels'] as Record<string, unknown>[]).map((a) => (a['start'] === 0 ? { ...a, end: 900 } : a)) } : l))), /records line 4: labels\.0\.end: span \[0, 900\) is not inside the text \(length 18\)/],
    ['a repeated record id', () => edit('records/records.jsonl', (ls) => ls.map((l, i) => (i === 2 ? { ...l, id: ls[0]?.['id'] } : l))), /records line 3: id: record .* repeats an earlier line/],
    ['a repeated primary key', () => edit('records/records.jsonl', (ls) => ls.map((l, i) => (i === 1 ? { ...l, data: { ...(l['data'] as object), id: (ls[0]?.['data'] as { id: number }).id } } : l))), /records line 2: key: primary key \[1\] repeats an earlier record/],
    ['a task on a missing attribute', () => edit('records/tasks.jsonl', (ls) => ls.map((l) => (l['attributeId'] ? { ...l, attributeId: 'gone' } : l))), /records\/tasks\.jsonl\): tasks line \d: attributeId: attribute gone is not in attributes\.jsonl/],
    ['a label of a missing task', () => edit('records/labels.jsonl', (ls) => ls.map((l, i) => (i === 0 ? { ...l, taskId: 'gone' } : l))), /labels line 1: taskId: task gone is not in tasks\.jsonl/],
    ['a term of a missing list', () => edit('heuristics/lookup-terms.jsonl', (ls) => ls.map((l, i) => (i === 0 ? { ...l, listId: 'gone' } : l))), /^part "heuristics" \(heuristics\/lookup-terms\.jsonl\): lookup-terms line 1: listId: lookup list gone is not in lookup-lists\.jsonl/],
    [
      'a collection the part does not have',
      () => new Map([...source.files].flatMap(([f, ls]): [string, unknown[]][] => (f === 'records/comments.jsonl' ? [[f, ls], ['records/widgets.jsonl', [{ id: 'w' }]]] : [[f, ls]]))),
      /widgets line 1: the records part has no collection "widgets"/,
    ],
    ['a part out of order', () => new Map([...source.files, ['records/extra.jsonl', [{ id: 'x' }]]]), /records\/extra\.jsonl: part "records" comes after part "embeddings"/],
    ['a repeated embedding', () => edit('embeddings/embeddings.jsonl', (ls) => [...ls, { ...ls[0], id: 'another' }]), /^part "embeddings" \(embeddings\/embeddings\.jsonl\): embeddings line 2: name: embedding "headline-classification-tf-idf" repeats an earlier line/],
    ['an embedding with an invalid model name', () => edit('embeddings/embeddings.jsonl', (ls) => ls.map((l) => ({ ...l, model: 'not a model!' }))), /embeddings line 1: model: /],
    ['an embedder state of a missing embedding', () => edit('embeddings/embedder-states.jsonl', (ls) => ls.map((l) => ({ ...l, embeddingId: 'gone' }))), /embedder-states line 1: embeddingId: embedding gone is not in embeddings\.jsonl/],
    ['a truncated embedder state', () => edit('embeddings/embedder-state-chunks.jsonl', (ls) => ls.slice(1)), /^part "embeddings" \(commit\): embedder-state-chunks: the state of embedding "headline-classification-tf-idf": terms: 0 bytes/],
    ['a vector of the wrong length', () => edit('embeddings/vectors.jsonl', (ls) => ls.map((l) => ({ ...l, vectors: Buffer.alloc(12).toString('base64') })), withVectors), /vectors line 1: vectors: holds 3 float32 values; 5 records × \d+ dims need/],
    ['a repeated record in a vectors line', () => edit('embeddings/vectors.jsonl', (ls) => ls.map((l) => ({ ...l, recordIds: (l['recordIds'] as string[]).map((id, i, all) => (i === 1 ? all[0] : id)) })), withVectors), /vectors line 1: recordIds: a record id appears twice in the line/],
    [
      'a vector that is not a number',
      () => edit('embeddings/vectors.jsonl', (ls) => ls.map((l) => {
        const values = new Float32Array(new Uint8Array(Buffer.from(l['vectors'] as string, 'base64')).buffer);
        values[1] = Number.NaN;
        return { ...l, vectors: Buffer.from(values.buffer).toString('base64') };
      }), withVectors),
      /vectors line 1: vectors: value 1 of record .* is not a finite number/,
    ],
    ['hashes that do not match the records', () => edit('embeddings/vectors.jsonl', (ls) => ls.map((l) => ({ ...l, hashes: (l['hashes'] as string[]).slice(1) })), withVectors), /vectors line 1: hashes: 4 hashes for 5 records/],
    ['a state chunk of an embedding without a state', () => edit('embeddings/embedder-state-chunks.jsonl', (ls) => ls.map((l) => ({ ...l, embeddingId: 'gone' }))), /embedder-state-chunks line 1: embeddingId: embedding gone has no line in embedder-states\.jsonl/],
    ['a collection the embeddings part does not have', () => new Map([...source.files, ['embeddings/widgets.jsonl', [{ id: 'w' }]]]), /^part "embeddings" \(embeddings\/widgets\.jsonl\): widgets line 1: the embeddings part has no collection "widgets"/],
    ['vectors of a missing embedding', () => edit('embeddings/vectors.jsonl', (ls) => ls.map((l) => ({ ...l, embeddingId: 'gone' })), withVectors), /vectors line 1: embeddingId: embedding gone is not in embeddings\.jsonl/],
  ];

  it.each(badArchives)('refuses %s, naming it, and imports nothing', async (name, files, message) => {
    expect(await importError(await upload(await rebuild(files())), { name })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
    expect(await projectNames()).not.toContain(name);
  }, 120_000);

  it('refuses a line that is not JSON, an archive without manifest and one not starting with its header', async () => {
    const notJson = rawZip(source.files, 'records/comments.jsonl', 2, '{"id": oops}');
    expect(await importError(await upload(notJson), { name: 'Not JSON' })).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^records\/comments\.jsonl line 2: not JSON/) });
    const withoutManifest = rawZip(source.files, null, 0, '', false);
    expect(await importError(await upload(withoutManifest), { name: 'No manifest' })).toMatchObject({ message: 'the archive is incomplete: no manifest.json at its end (cut off?)' });
    const headerless = Buffer.from(zipSync({ 'records/project.jsonl': Buffer.from('{}\n') }));
    expect(await importError(await upload(headerless), { name: 'Headerless' })).toMatchObject({ message: 'the archive is not a project snapshot: its first file is records/project.jsonl, not header.json' });
    expect((await projectNames()).filter((n) => ['Not JSON', 'No manifest', 'Headerless'].includes(n))).toEqual([]);
  }, 120_000);

  /** The files as a zip written in one go (fflate's zipSync), one line replaced by raw text; no manifest with `manifest: false`. */
  function rawZip(files: Files, file: string | null, line: number, text: string, manifest = true): Buffer {
    const entries: Record<string, Uint8Array> = { 'header.json': Buffer.from((files.get('header.json') ?? []).join('\n')) };
    for (const [name, lines] of files) {
      if (!name.endsWith('.jsonl')) continue;
      const texts = lines.map((l) => JSON.stringify(l));
      if (name === file) texts[line - 1] = text;
      entries[name] = Buffer.from(texts.map((t) => `${t}\n`).join(''));
    }
    if (manifest) entries['manifest.json'] = Buffer.from((files.get('manifest.json') ?? []).join('\n'));
    return Buffer.from(zipSync(entries));
  }

  it('round-trips the imported refinery "clickbait" sample', async () => {
    const sample = await client.bus.request(ExportSnapshotSubjects.importRefinery, { sampleId: 'clickbait', name: 'Clickbait sample' }, LONG);
    // With vectors: the sample's distilbert embedding is frozen (no model state), its vectors are all there is of it.
    const exported = await client.bus.request(ProjectSnapshotSubjects.export, { includeVectors: true }, { ...LONG, projectId: sample.projectId });
    expect(exported.counts['embeddings']).toMatchObject({ embeddings: 1, vectors: expect.any(Number) });
    expect(exported.counts['records']?.['records']).toBe(sample.counts.records);
    const original = await download(exported.archive.archiveId);
    const imported = await client.bus.request(ProjectSnapshotSubjects.import, { archiveId: exported.archive.archiveId, name: 'Clickbait copy' }, LONG);
    const again = await client.bus.request(ProjectSnapshotSubjects.export, { includeVectors: true }, { ...LONG, projectId: imported.projectId });
    expect(canonical(await download(again.archive.archiveId))).toEqual(canonical(expected(original, imported.idSalt)));
  }, 600_000);

  it('imports a frozen embedding that came without its vectors as FAILED, naming why', async () => {
    const frozen = { ...(source.files.get('embeddings/embeddings.jsonl')?.[0] as object), frozen: true };
    const files = new Map([...source.files].filter(([f]) => !f.startsWith('embeddings/embedder-state')));
    files.set('embeddings/embeddings.jsonl', [frozen]);
    const imported = await client.bus.request(ProjectSnapshotSubjects.import, { archiveId: await upload(await rebuild(files)), name: 'Frozen without vectors' }, LONG);
    const [embedding] = (await client.bus.request(EmbeddingSubjects.list, {}, inProject(imported.projectId))).embeddings;
    expect(embedding).toMatchObject({ state: 'FAILED', frozen: true, vectors: 0, error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^imported without its vectors: a frozen embedding has no model state/) } });
  }, 120_000);

  it('refuses a cursor that is not its own and an import by a role that may not change embeddings', async () => {
    const part = ProjectSnapshotPartSubjects.embeddings;
    const error = async (run: () => Promise<unknown>) => run().then(() => ({ code: 'none', message: 'accepted' }), (e: unknown) => e as { code: string; message: string });
    expect(await error(() => client.bus.request(part.export, { cursor: 'nope' }, inProject(source.projectId)))).toMatchObject({ code: 'VALIDATION_FAILED', message: 'payload.cursor: not a cursor of this export' });
    expect(await error(() => client.bus.request(part.export, { cursor: '9:0:0' }, inProject(source.projectId)))).toMatchObject({ code: 'VALIDATION_FAILED', message: 'payload.cursor: past the last collection' });
    expect(await error(() => client.bus.request(part.import, { step: 'abort', importId: 'x' }, inProject(source.projectId, BOB)))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await client.bus.request(EmbeddingSubjects.list, {}, inProject(source.projectId))).embeddings).toHaveLength(1);
  }, 60_000);

  it('leaves the optional embeddings part out while no service answers it', async () => {
    await embeddings?.close();
    embeddings = null;
    const exported = await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId: source.projectId });
    expect(exported.skippedParts).toEqual([{ part: 'embeddings', reason: 'no service answers embeddings.project-snapshot.export.v1' }]);
    expect(Object.keys(exported.counts)).toEqual(['records', 'heuristics']);
  }, 120_000);
});
