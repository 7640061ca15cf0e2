import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { HeuristicLanguage } from '@refinery/contracts';
import type { OutputOf } from '@refinery/sdk';
import { table } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { bool, positional, str, type Command } from '../command.js';
import { resolveHeuristics, resolveProject, resolveTask } from '../resolve.js';
import { waitFor } from '../wait.js';

const LANGUAGES: Record<string, HeuristicLanguage> = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.ts': 'typescript' };

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

const create: Command = {
  name: 'heuristic create',
  usage: 'heuristic create <project> --task T --name N --file F   (.py, .js, .ts; active learners: --type active-learner --config F.json)',
  options: { task: 'string', name: 'string', file: 'string', type: 'string', config: 'string', description: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const taskRef = str(opts, 'task');
    const name = str(opts, 'name');
    if (!taskRef || !name) throw new CliError(`heuristic create needs --task and --name; usage: refinery ${this.usage}`);
    const projectId = await resolveProject(ctx.client, ref!);
    const task = await resolveTask(ctx.client, projectId, taskRef);
    const description = str(opts, 'description') ?? '';
    const type = str(opts, 'type') ?? 'labeling-function';
    if (type === 'active-learner') {
      const file = str(opts, 'config');
      if (!file) throw new CliError('an active learner needs --config F.json ({"embedding": ..., "model": ..., "minConfidence": ...})');
      let config: Record<string, unknown>;
      try {
        config = JSON.parse(await readText(file)) as Record<string, unknown>;
      } catch (error) {
        throw error instanceof CliError ? error : new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
      }
      const h = await ctx.client.call('createActiveLearner', { projectId }, { name, description, taskId: task.id, config });
      ctx.print(h, () => `active learner ${h.id} "${h.name}" (${String(h.config?.['model'])} on ${String(h.config?.['embedding'])})`);
      return;
    }
    if (type !== 'labeling-function') throw new CliError(`--type must be labeling-function or active-learner, got "${type}"`);
    const file = str(opts, 'file');
    if (!file) throw new CliError('a labeling function needs --file (.py, .js or .ts)');
    const language = LANGUAGES[extname(file).toLowerCase()];
    if (!language) throw new CliError(`cannot tell the language of ${file}; use .py, .js or .ts`);
    const h = await ctx.client.call('createHeuristic', { projectId }, { name, description, language, code: await readText(file), taskId: task.id });
    ctx.print(h, () => `labeling function ${h.id} "${h.name}" (${language}) on task ${task.name}`);
  },
};

const run: Command = {
  name: 'heuristic run',
  usage: 'heuristic run <project> <name...>|--all [--wait]',
  options: { all: 'boolean', wait: 'boolean' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const names = args.slice(1);
    let ids: string[];
    if (bool(opts, 'all')) ids = (await ctx.client.call('listHeuristics', { projectId }, {})).heuristics.filter((h) => h.readOnlyReason === null).map((h) => h.id);
    else if (names.length) ids = await resolveHeuristics(ctx.client, projectId, names);
    else throw new CliError('name the heuristics to run, or pass --all');
    if (ids.length === 0) throw new CliError('the project has no heuristic that can run');
    const { runs } = await ctx.client.call('startRuns', { projectId }, { heuristicIds: ids });
    if (!bool(opts, 'wait')) {
      ctx.print(runs, () => table(runs.map((r) => [r.id, r.heuristicId, r.state]), ['RUN', 'HEURISTIC', 'STATE']));
      return;
    }
    const finished: OutputOf<'getRun'>[] = [];
    for (const r of runs) {
      finished.push(
        await waitFor(`run ${r.id}`, () => ctx.client.call('getRun', { projectId, runId: r.id }, {}), (x) => ({ done: x.state !== 'queued' && x.state !== 'running', progress: x.state })),
      );
    }
    ctx.print(finished, () => table(finished.map((r) => [r.id, r.heuristicId, r.state, r.counts.hits, r.counts.failed, r.durationMs, r.error ?? '']), ['RUN', 'HEURISTIC', 'STATE', 'HITS', 'FAILED', 'MS', 'ERROR']));
    if (finished.some((r) => r.state !== 'succeeded')) throw new CliError(`${finished.filter((r) => r.state !== 'succeeded').length} run(s) did not succeed`);
  },
};

const list: Command = {
  name: 'heuristic list',
  usage: 'heuristic list <project>   (with statistics: coverage, hits, conflicts, precision)',
  async run(ctx, args) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const { heuristics } = await ctx.client.call('listHeuristics', { projectId }, {});
    const stats = new Map<string, { coverage: number; hits: number; conflicts: number; precision: number | null }>();
    for (const taskId of new Set(heuristics.map((h) => h.taskId))) {
      try {
        const s = await ctx.client.call('taskStatistics', { projectId, taskId }, {});
        for (const h of s.heuristics) {
          const acc = stats.get(h.sourceId) ?? { coverage: 0, hits: 0, conflicts: 0, precision: null };
          acc.coverage += h.coverage;
          acc.hits += h.hits;
          acc.conflicts += h.conflicts;
          acc.precision = h.estimatedPrecision ?? acc.precision;
          stats.set(h.sourceId, acc);
        }
      } catch {
        // no statistics yet for this task
      }
    }
    const rows = heuristics.map((h) => ({ ...h, statistics: stats.get(h.id) ?? null }));
    ctx.print(rows, () =>
      table(
        rows.map((h) => [h.name, h.kind, h.lastRun?.state ?? '-', h.statistics?.coverage, h.statistics?.conflicts, h.statistics?.precision === null || h.statistics?.precision === undefined ? '' : h.statistics.precision.toFixed(2), h.selected ? 'yes' : 'no']),
        ['NAME', 'KIND', 'LAST RUN', 'COVERAGE', 'CONFLICTS', 'PRECISION', 'SELECTED'],
      ),
    );
  },
};

export const heuristicCommands = [create, run, list];
