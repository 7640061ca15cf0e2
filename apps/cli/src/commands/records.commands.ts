import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { table } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { bool, int, positional, str, type Command } from '../command.js';
import { resolveProject } from '../resolve.js';
import { waitFor } from '../wait.js';

const FORMATS: Record<string, string> = { '.csv': 'CSV', '.json': 'JSON', '.jsonl': 'JSONL', '.ndjson': 'JSONL', '.xlsx': 'XLSX' };

const upload: Command = {
  name: 'records upload',
  usage: 'records upload <project> <file> [--lenient] [--primary-key col]   (CSV, JSON, JSONL, XLSX)',
  options: { lenient: 'boolean', 'primary-key': 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref, file] = positional(args, ['project', 'file'], this.usage);
    const format = FORMATS[extname(file!).toLowerCase()];
    if (!format) throw new CliError(`cannot tell the format of ${basename(file!)}; use .csv, .json, .jsonl or .xlsx`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file!);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const projectId = await resolveProject(ctx.client, ref!);
    const primaryKey = str(opts, 'primary-key');
    const started = await ctx.client.call('uploadFile', { projectId }, bytes, { format, ...(bool(opts, 'lenient') ? { lenient: true } : {}), ...(primaryKey ? { primaryKey: primaryKey.split(',') } : {}) });
    const done = await waitFor(
      `upload of ${basename(file!)}`,
      () => ctx.client.call('getUpload', { projectId, uploadId: started.id }, {}),
      (u) => ({ done: u.state === 'COMPLETED', failed: u.state === 'FAILED' ? u.problems.map((p) => `${p.row !== undefined ? `row ${p.row}: ` : ''}${p.column ? `column ${p.column}: ` : ''}${p.message}`).join('; ') || 'failed' : null, progress: u.state }),
      { progress: (t) => process.stderr.write(`${t}\n`) },
    );
    ctx.print(done, () => `uploaded ${basename(file!)}: ${JSON.stringify(done.result ?? {})}`);
  },
};

const list: Command = {
  name: 'records list',
  usage: 'records list <project> [--limit 20]',
  options: { limit: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const page = await ctx.client.call('listRecords', { projectId }, { afterSeq: -1, limit: Math.min(2_000, int(opts, 'limit', 20)) });
    ctx.print(page, () => `${table(page.records.map((r) => [r.key, JSON.stringify(r.data).slice(0, 100)]), ['KEY', 'DATA'])}\n(${page.records.length} of ${page.total})`);
  },
};

export const recordsCommands = [upload, list];
