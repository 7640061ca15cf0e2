import { hostname } from 'node:os';
import { LoginRequest } from '@refinery/contracts';
import { RefineryClient } from '@refinery/sdk';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { int, str, type Command, type Opts } from '../command.js';
import { PASSWORD_OPTIONS, PASSWORD_USAGE, passwordHelp, readPassword, type PasswordRule } from '../password-input.js';
import { resolveProject } from '../resolve.js';
import { saveSettings } from '../settings.js';

/** The variable `login` reads when no option names the password (as before the options existed). */
const PASSWORD_VARIABLE = 'REFINERY_PASSWORD';

/** The account password: given by an option, REFINERY_PASSWORD, or typed at a prompt (no echo). */
async function loginPassword(ctx: CliContext, opts: Opts, email: string): Promise<string> {
  const rule: PasswordRule = {
    variable: PASSWORD_VARIABLE,
    noun: 'password',
    min: LoginRequest.shape.password.minLength ?? 1,
    max: LoginRequest.shape.password.maxLength ?? 256,
    refusal: 'passwords are not taken as arguments (they end up in the shell history and in `ps`); use --password-env VAR or --password-stdin, or leave both out to be asked in a terminal',
    prompt: `password for ${email}: `,
  };
  const password = await readPassword(opts, ctx.io, rule);
  if (password === undefined) {
    throw new CliError(`login needs a password: --password-env VAR, --password-stdin, or a terminal to type it in (${PASSWORD_VARIABLE} works too)`);
  }
  return password;
}

/** `login --email E`: a session, then a write token for this machine, saved. */
const login: Command = {
  name: 'login',
  usage: `login --email <e-mail> ${PASSWORD_USAGE} [--days 90]`,
  help: [
    'Signs in and saves an API token for this machine (write scope, valid --days days) in the settings',
    'file. --email defaults to REFINERY_EMAIL.',
    passwordHelp('The password is never an argument (shell history, `ps`):', [
      `  (neither)            ${PASSWORD_VARIABLE} when it is set, else asked for on the terminal, without echo`,
    ]),
  ].join('\n'),
  options: { email: 'string', days: 'string', ...PASSWORD_OPTIONS },
  async run(ctx: CliContext, _args, opts) {
    const email = str(opts, 'email') ?? ctx.io.env['REFINERY_EMAIL'];
    if (!email) throw new CliError('login needs --email (or REFINERY_EMAIL)');
    const days = int(opts, 'days', 90);
    const password = await loginPassword(ctx, opts, email);
    const session = new RefineryClient({ url: ctx.options.url });
    await session.login(email, password);
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
