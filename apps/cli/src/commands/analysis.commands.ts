import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { readFile } from 'node:fs/promises';
import { table } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { bool, int, positional, str, type Command } from '../command.js';
import { resolveEmbedding, resolveProject, resolveRecord, resolveTask } from '../resolve.js';
import { waitFor } from '../wait.js';

const progress = (t: string): void => void process.stderr.write(`${t}\n`);

const embeddingCreate: Command = {
  name: 'embedding create',
  usage: 'embedding create <project> --attribute A --model M [--level attribute|token] [--dims 64] [--wait]',
  options: { attribute: 'string', model: 'string', level: 'string', dims: 'string', wait: 'boolean' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const attributeName = str(opts, 'attribute');
    const model = str(opts, 'model');
    if (!attributeName || !model) throw new CliError(`embedding create needs --attribute and --model; usage: refinery ${this.usage}`);
    const levelText = str(opts, 'level') ?? 'attribute';
    if (levelText !== 'attribute' && levelText !== 'token') throw new CliError(`--level must be attribute or token, got "${levelText}"`);
    const projectId = await resolveProject(ctx.client, ref!);
    let e = await ctx.client.call('createEmbedding', { projectId }, { attributeName, model, level: levelText === 'token' ? 'extraction' : 'classification', dims: int(opts, 'dims', 64) });
    if (bool(opts, 'wait')) {
      e = await waitFor(`embedding ${e.name}`, () => ctx.client.call('getEmbedding', { projectId, embeddingId: e.id }, {}), (x) => ({ done: x.state === 'FINISHED', failed: x.state === 'FAILED' ? (x.error?.message ?? 'failed') : null, progress: `${x.state} ${x.progress.done}/${x.progress.total}` }), { progress });
    }
    ctx.print(e, () => `embedding ${e.name} (${e.id}): ${e.state}${e.dims ? `, ${e.dims} dims` : ''}`);
  },
};

const similar: Command = {
  name: 'similar',
  usage: 'similar <project> <record-key> --embedding E [--limit 10]',
  options: { embedding: 'string', limit: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref, recordRef] = positional(args, ['project', 'record-key'], this.usage);
    const embedding = str(opts, 'embedding');
    if (!embedding) throw new CliError('similar needs --embedding (its name, e.g. headline-classification-tf-idf)');
    const projectId = await resolveProject(ctx.client, ref!);
    const [embeddingId, recordId] = await Promise.all([resolveEmbedding(ctx.client, projectId, embedding), resolveRecord(ctx.client, projectId, recordRef!)]);
    const reply = await ctx.client.call('similar', { projectId, embeddingId, recordId }, { limit: int(opts, 'limit', 10) });
    ctx.print(reply, () => table(reply.hits.map((h) => [h.id, h.score.toFixed(4)]), ['RECORD', 'SCORE']));
  },
};

const wsRun: Command = {
  name: 'ws run',
  usage: 'ws run <project> [--task T] [--model M] [--wait]   (the project\u2019s only classification task when --task is omitted)',
  options: { task: 'string', model: 'string', wait: 'boolean' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const taskRef = str(opts, 'task');
    let taskId: string;
    if (taskRef) taskId = (await resolveTask(ctx.client, projectId, taskRef)).id;
    else {
      const { tasks } = await ctx.client.call('listTasks', { projectId }, {});
      if (tasks.length !== 1) throw new CliError(`the project has ${tasks.length} tasks; choose one with --task (${tasks.map((t) => t.name).join(', ')})`);
      taskId = tasks[0]!.id;
    }
    const model = str(opts, 'model');
    let run = await ctx.client.call('startWeakSupervision', { projectId }, { taskId, ...(model ? { model: model as never } : {}) });
    if (bool(opts, 'wait')) {
      run = await waitFor(`weak supervision ${run.id}`, () => ctx.client.call('getWeakSupervisionRun', { projectId, runId: run.id }, {}), (x) => ({ done: x.state === 'COMPLETED', failed: x.state === 'FAILED' ? (x.error?.message ?? 'failed') : null, progress: x.state }), { progress });
    }
    ctx.print(run, () => `weak supervision ${run.id}: ${run.state}${run.summary ? ` — ${run.summary.written} labels, mean confidence ${run.summary.meanConfidence.toFixed(3)}` : ''}`);
  },
};

const stats: Command = {
  name: 'stats',
  usage: 'stats <project> --task T',
  options: { task: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const taskRef = str(opts, 'task');
    if (!taskRef) throw new CliError('stats needs --task');
    const projectId = await resolveProject(ctx.client, ref!);
    const task = await resolveTask(ctx.client, projectId, taskRef);
    const [s, { heuristics }] = await Promise.all([ctx.client.call('taskStatistics', { projectId, taskId: task.id }, {}), ctx.client.call('listHeuristics', { projectId }, { taskId: task.id })]);
    const names = new Map(heuristics.map((h) => [h.id, h.name]));
    const labels = new Map(task.labels.map((l) => [l.id, l.name]));
    ctx.print(s, () =>
      table(
        s.heuristics.map((h) => [names.get(h.sourceId) ?? h.sourceId, labels.get(h.labelId) ?? h.labelId, h.coverage, h.hits, h.overlaps, h.conflicts, h.support, h.estimatedPrecision.toFixed(3)]),
        ['HEURISTIC', 'LABEL', 'COVERAGE', 'HITS', 'OVERLAPS', 'CONFLICTS', 'SUPPORT', 'PRECISION'],
      ),
    );
  },
};

const sliceCreate: Command = {
  name: 'slice create',
  usage: 'slice create <project> <name> --query F.json [--static]   (the data-browser query language)',
  options: { query: 'string', static: 'boolean' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref, name] = positional(args, ['project', 'name'], this.usage);
    const file = str(opts, 'query');
    if (!file) throw new CliError('slice create needs --query F.json (a browser query: {"filter": ..., "order": ...})');
    let query: unknown;
    try {
      query = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new CliError(`cannot read the query in ${file}: ${(error as Error).message}`);
    }
    const projectId = await resolveProject(ctx.client, ref!);
    const slice = await ctx.client.call('createSlice', { projectId }, { name: name!, kind: bool(opts, 'static') ? 'STATIC' : 'DYNAMIC', query } as never);
    ctx.print(slice, () => `slice ${slice.id} "${slice.name}" (${slice.kind})`);
  },
};

const FORMATS = ['json', 'jsonl', 'csv', 'xlsx'] as const;

const exportRecords: Command = {
  name: 'export',
  usage: 'export <project> [--format json|jsonl|csv|xlsx] [--zip] [--out F]',
  options: { format: 'string', zip: 'boolean', out: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const format = (str(opts, 'format') ?? 'json').toLowerCase();
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
    const projectId = await resolveProject(ctx.client, ref!);
    const zip = bool(opts, 'zip');
    const started = await ctx.client.call('prepareExport', { projectId }, { format: format.toUpperCase() as 'JSON', zip });
    const done = await waitFor(`export ${started.id}`, () => ctx.client.call('getExport', { projectId, exportId: started.id }, {}), (x) => ({ done: x.state === 'DONE', failed: x.state === 'FAILED' ? (x.error ?? 'failed') : null, progress: `${x.state} ${x.rows}/${x.total ?? '?'}` }), { progress });
    const out = str(opts, 'out') ?? `export-${projectId}.${format}${zip ? '.zip' : ''}`;
    const body = await ctx.client.stream('downloadExport', { projectId, exportId: done.id });
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(out));
    ctx.print({ ...done, file: out }, () => `exported ${done.rows} records to ${out}`);
  },
};

export const analysisCommands = [embeddingCreate, similar, wsRun, stats, sliceCreate, exportRecords];
