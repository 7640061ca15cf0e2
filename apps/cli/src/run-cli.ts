import { parseArgs } from 'node:util';
import { RefineryApiError } from '@refinery/sdk';
import { CliContext, type CliIo } from './cli-context.js';
import { CliError } from './cli-error.js';
import type { Command } from './command.js';
import { accountCommands } from './commands/account.commands.js';
import { analysisCommands } from './commands/analysis.commands.js';
import { heuristicCommands } from './commands/heuristics.commands.js';
import { labelingCommands } from './commands/labeling.commands.js';
import { projectCommands } from './commands/project.commands.js';
import { recordsCommands } from './commands/records.commands.js';
import { snapshotCommands } from './commands/snapshot.commands.js';
import { loadSettings, settingsPath } from './settings.js';
import { processTerminal, type Terminal } from './terminal.js';

export const COMMANDS: readonly Command[] = [...accountCommands, ...projectCommands, ...recordsCommands, ...labelingCommands, ...heuristicCommands, ...analysisCommands, ...snapshotCommands];

const GLOBAL = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function help(): string {
  return [
    'usage: refinery [--url URL] [--token TOKEN] [--json] <command>',
    '',
    '  --url    the gateway (REFINERY_URL; default http://localhost:8080)',
    '  --token  an API token (REFINERY_TOKEN; `refinery login` saves one)',
    '  --json   machine-readable output',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.usage}`),
    '',
    '`refinery <command> --help` shows the details of one (e.g. how passwords are given: never as arguments).',
    '',
  ].join('\n');
}

/** The arguments that may name the command: options and the values of the global ones left out (`--url X project list`). */
function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--url' || arg === '--token') i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words;
}

/** The longest command whose words start the arguments (`project list` before `project`). */
function findCommand(words: readonly string[]): { command: Command; rest: string[] } | null {
  const matches = COMMANDS.filter((c) => {
    const parts = c.name.split(' ');
    return parts.every((p, i) => words[i] === p);
  }).sort((a, b) => b.name.length - a.name.length);
  const command = matches[0];
  return command ? { command, rest: words.slice(command.name.split(' ').length) } : null;
}

/**
 * Runs one command; returns the exit code: 0 done, 1 the API refused or failed, 2 a usage or
 * input error. Errors go to stderr as one line (with the API's code); `--json` output goes to stdout.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (t: string) => void,
  err: (t: string) => void,
  stdin: CliIo['stdin'] = () => process.stdin,
  terminal: Terminal = processTerminal(),
): Promise<number> {
  try {
    const words = commandWords(argv);
    const found = findCommand(words);
    if (!found) {
      if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
        out(help());
        return argv.length === 0 ? 2 : 0;
      }
      err(`refinery: unknown command "${words.slice(0, 2).join(' ')}"\n${help()}`);
      return 2;
    }
    const { command } = found;
    const optionSpec = { ...GLOBAL, ...Object.fromEntries(Object.entries(command.options ?? {}).map(([k, type]) => [k, { type }])) };
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: optionSpec, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(`${(error as Error).message}; usage: refinery ${command.usage}`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values['help']) {
      out(`usage: refinery ${command.usage}\n${command.help ? `\n${command.help}\n` : ''}`);
      return 0;
    }
    const path = settingsPath(env);
    const settings = await loadSettings(path);
    const url = (values['url'] as string | undefined) ?? env['REFINERY_URL'] ?? settings.url ?? 'http://localhost:8080';
    const token = (values['token'] as string | undefined) ?? env['REFINERY_TOKEN'] ?? settings.token;
    const ctx = new CliContext({ url, token, json: values['json'] === true, settingsPath: path }, settings, { stdout: out, stderr: err, env, stdin, terminal });
    const positionals = parsed.positionals.slice(command.name.split(' ').length);
    await command.run(ctx, positionals, values);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      err(`refinery: ${error.message}\n`);
      return 2;
    }
    if (error instanceof RefineryApiError) {
      const details = error.details === undefined ? '' : ` ${JSON.stringify(error.details)}`;
      err(`refinery: ${error.code}: ${error.message}${details}${error.requestId ? ` (request ${error.requestId})` : ''}\n`);
      return 1;
    }
    err(`refinery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
