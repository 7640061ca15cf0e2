import { hostname } from 'node:os';
import { RefineryClient } from '@refinery/sdk';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { int, str, type Command } from '../command.js';
import { resolveProject } from '../resolve.js';
import { saveSettings } from '../settings.js';

/** `login --email E [--password P]`: a session, then a write token for this machine, saved. */
const login: Command = {
  name: 'login',
  usage: 'login --email <e-mail> [--password <password>] [--days 90]   (password: --password or REFINERY_PASSWORD)',
  options: { email: 'string', password: 'string', days: 'string' },
  async run(ctx: CliContext, _args, opts) {
    const email = str(opts, 'email') ?? process.env['REFINERY_EMAIL'];
    const password = str(opts, 'password') ?? process.env['REFINERY_PASSWORD'];
    if (!email || !password) throw new CliError('login needs --email and --password (or REFINERY_EMAIL / REFINERY_PASSWORD)');
    const session = new RefineryClient({ url: ctx.options.url });
    await session.login(email, password);
    const days = int(opts, 'days', 90);
    const created = await session.call('createToken', {}, { name: `cli ${hostname()} ${new Date().toISOString().slice(0, 10)}`, scope: 'write', expiresInDays: days });
    await saveSettings(ctx.options.settingsPath, { url: ctx.options.url, token: created.secret });
    ctx.print({ url: ctx.options.url, tokenId: created.token.id, expiresAt: created.token.expiresAt, settings: ctx.options.settingsPath }, () => `signed in as ${email}; token ${created.token.id} saved to ${ctx.options.settingsPath}`);
  },
};

/** `token create --name N [--scope read|write] [--project P] [--days 30]`: the secret is shown once. */
const tokenCreate: Command = {
  name: 'token create',
  usage: 'token create --name <name> [--scope read|write] [--project <project>] [--days 30]',
  options: { name: 'string', scope: 'string', project: 'string', days: 'string' },
  async run(ctx, _args, opts) {
    ctx.requireToken();
    const name = str(opts, 'name');
    if (!name) throw new CliError('token create needs --name');
    const scope = str(opts, 'scope') ?? 'read';
    if (scope !== 'read' && scope !== 'write') throw new CliError(`--scope must be read or write, got "${scope}"`);
    const project = str(opts, 'project');
    const projectId = project ? await resolveProject(ctx.client, project) : undefined;
    const created = await ctx.client.call('createToken', {}, { name, scope, expiresInDays: int(opts, 'days', 30), ...(projectId ? { projectId } : {}) });
    ctx.print(created, () => `${created.secret}\n(token ${created.token.id}, ${scope}${projectId ? `, project ${projectId}` : ''}; shown once)`);
  },
};

export const accountCommands = [login, tokenCreate];
