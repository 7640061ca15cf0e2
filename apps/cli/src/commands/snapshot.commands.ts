import { basename, join } from 'node:path';
import { DisplayName, SnapshotPassword, type SkippedSnapshotPart } from '@refinery/contracts';
import { RefineryApiError } from '@refinery/sdk';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { formatBytes, openArchive, outputTarget, saveDownload } from '../archive-file.js';
import { bool, positional, str, type Command, type Opts } from '../command.js';
import { resolveProject } from '../resolve.js';
import { PASSWORD_OPTIONS, PASSWORD_USAGE, passwordHelp, readPassword, type PasswordRule } from '../password-input.js';

/** Optional (no option: no encryption); 8 to 1024 characters, as the export service takes them. */
export const SNAPSHOT_PASSWORD: PasswordRule = {
  noun: 'snapshot password',
  min: SnapshotPassword.minLength ?? 8,
  max: SnapshotPassword.maxLength ?? 1_024,
  refusal: 'snapshot passwords are not taken as arguments (they end up in the shell history and in `ps`); use --password-env VAR or --password-stdin',
};

const snapshotPassword = (opts: Opts, ctx: CliContext) => readPassword(opts, ctx.io, SNAPSHOT_PASSWORD);

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const skipped = (parts: readonly SkippedSnapshotPart[]): string => (parts.length ? `\nnot included: ${parts.map((p) => `${p.part} (${p.reason})`).join('; ')}` : '');

/**
 * Removes an archive the command made on the server once it is no longer needed there; a
 * failure only warns, the command's work is done. True when the archive stays.
 */
async function dropServerCopy(ctx: CliContext, projectId: string, archiveId: string): Promise<boolean> {
  try {
    await ctx.client.call('deleteSnapshot', { projectId, archiveId }, {});
    return false;
  } catch (error) {
    ctx.note(`refinery: warning: archive ${archiveId} stays on the server: ${error instanceof Error ? error.message : String(error)}`);
    return true;
  }
}

const exportSnapshot: Command = {
  name: 'snapshot export',
  usage: `snapshot export <project> [--out FILE|DIR] ${PASSWORD_USAGE} [--include-vectors] [--keep]`,
  help: [
    'Exports the whole project (records, tasks, labels, heuristics, embeddings, ...) as one archive',
    'and streams it to FILE (default: the server\u2019s name, <project>.refinery-snapshot.zip, in DIR or',
    'the current folder; written with mode 0600). The copy on the server is deleted after the',
    'download unless --keep. --include-vectors adds the embedding vectors (large).',
    passwordHelp('A password (8 to 1024 characters) encrypts the archive; it is never an argument (shell history, `ps`):'),
  ].join('\n'),
  options: { out: 'string', 'include-vectors': 'boolean', keep: 'boolean', ...PASSWORD_OPTIONS },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const password = await snapshotPassword(opts, ctx);
    const target = await outputTarget(str(opts, 'out'), process.cwd());
    const projectId = await resolveProject(ctx.client, ref!);
    ctx.note(`exporting "${ref}"${password ? ' (encrypted)' : ''}: the server answers when the archive is complete`);
    const result = await ctx.client.call('exportSnapshot', { projectId }, { includeVectors: bool(opts, 'include-vectors'), ...(password !== undefined ? { password } : {}) });
    const { archive } = result;
    const path = target.file ?? join(target.dir, basename(archive.fileName));
    let keptOnServer = true;
    try {
      ctx.note(`downloading ${formatBytes(archive.bytes)} to ${path}`);
      await saveDownload(await ctx.client.stream('downloadSnapshot', { projectId, archiveId: archive.archiveId }), path, archive.bytes);
    } finally {
      // Also after a failed download: an export left behind would hold a project copy for good.
      if (!bool(opts, 'keep')) keptOnServer = await dropServerCopy(ctx, projectId, archive.archiveId);
    }
    ctx.print({ ...result, path, keptOnServer }, () => `exported "${ref}" to ${path} (${formatBytes(archive.bytes)}${archive.encrypted ? ', encrypted' : ''})${keptOnServer ? `\narchive ${archive.archiveId} kept on the server` : ''}${skipped(result.skippedParts)}`);
  },
};

const importSnapshot: Command = {
  name: 'snapshot import',
  usage: `snapshot import <file> [--name NAME] [--org ORG] ${PASSWORD_USAGE} [--keep]`,
  help: [
    'Uploads an archive written by `snapshot export` (streamed; the server stores it in 512 KiB chunks)',
    'and imports it as a new project of the organization ORG (default: your only one), named NAME',
    '(default: the exported project\u2019s name). The uploaded copy is deleted after the import unless --keep.',
    passwordHelp('An encrypted archive needs its password; it is never an argument (shell history, `ps`):'),
  ].join('\n'),
  options: { name: 'string', org: 'string', keep: 'boolean', ...PASSWORD_OPTIONS },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [file] = positional(args, ['file'], this.usage);
    const name = str(opts, 'name');
    if (name !== undefined && !DisplayName.safeParse(name).success) throw new CliError(`--name must have 1 to 200 characters besides spaces, got "${name}"`);
    const org = str(opts, 'org');
    const password = await snapshotPassword(opts, ctx);
    const source = await openArchive(file!);
    let uploaded;
    try {
      ctx.note(`uploading ${file} (${formatBytes(source.size)})`);
      uploaded = await ctx.client.call('uploadSnapshot', {}, source.stream, org !== undefined ? { orgId: org } : {});
    } finally {
      await source.close();
    }
    if (uploaded.bytes !== source.size) throw new RefineryApiError(0, 'UPLOAD_FAILED', `the server stored ${uploaded.bytes} of the ${source.size} bytes of ${file}`);
    // The server knows an encrypted archive by its first bytes: say so before the import job does.
    if (uploaded.encrypted && password === undefined) throw new CliError(`${file} is password-protected; give its password with --password-env VAR or --password-stdin`);
    ctx.note(`importing ${file}: the server answers when the project is complete`);
    const result = await ctx.client
      .call('importSnapshot', {}, { archiveId: uploaded.archiveId, ...(name !== undefined ? { name } : {}), ...(password !== undefined ? { password } : {}), ...(org !== undefined ? { orgId: org } : {}) })
      .catch((error: unknown) => {
        // Without --name the copy takes the exported project's name, often taken in the same organization.
        if (error instanceof RefineryApiError && error.code === 'CONFLICT') throw new RefineryApiError(error.status, error.code, `${error.message}; give the copy another name with --name`, error.details, error.requestId);
        throw error;
      });
    // The uploader may delete their upload through any project of its organization: the new one.
    const keptOnServer = bool(opts, 'keep') ? true : await dropServerCopy(ctx, result.projectId, uploaded.archiveId);
    const project = await ctx.client.call('getProject', { projectId: result.projectId }, {});
    ctx.print({ ...result, name: project.name, recordCount: project.recordCount, archive: uploaded, keptOnServer }, () => `imported ${basename(file!)} as project ${project.id} "${project.name}" (${count(project.recordCount, 'record')}, ${count(project.taskCount, 'task')})${skipped(result.skippedParts)}`);
  },
};

export const snapshotCommands = [exportSnapshot, importSnapshot];
