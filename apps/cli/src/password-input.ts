import type { CliIo } from './cli-context.js';
import { CliError } from './cli-error.js';
import { bool, str, type OptionKind, type Opts } from './command.js';

/**
 * The options that give a password. `password` is declared only to refuse it with a reason: a
 * password in argv lands in the shell history and in `ps` for every user to see.
 */
export const PASSWORD_OPTIONS = { 'password-env': 'string', 'password-stdin': 'boolean', password: 'string' } as const satisfies Record<string, OptionKind>;

export const PASSWORD_USAGE = '[--password-env VAR | --password-stdin]';

/** The lines `<command> --help` shows about passwords, after the command's own `intro`. */
export function passwordHelp(intro: string, more: readonly string[] = []): string {
  return [
    intro,
    '  --password-env VAR   read it from the environment variable VAR',
    '  --password-stdin     read it from standard input, to its end (one trailing newline is dropped;',
    '                       on a terminal it is asked for without echo)',
    ...more,
  ].join('\n');
}

/** What a command asks for: the noun in messages, the length bounds, the reason to refuse argv. */
export interface PasswordRule {
  /** `snapshot password`, `password`. */
  readonly noun: string;
  readonly min: number;
  readonly max: number;
  /** The error for `--password VALUE`. */
  readonly refusal: string;
  /** When set and this environment variable is, no option means: read it (as `--password-env`). */
  readonly variable?: string;
  /** When set and stdin is a terminal, no option (and no `variable`) means: ask with this prompt (no echo). */
  readonly prompt?: string;
}

/** More than any valid password, so a file piped by mistake is refused without being read whole. */
const STDIN_LIMIT = 4 * 1_024;

/**
 * The password the options name, or undefined when none is asked for (and the rule has no
 * prompt, or stdin is no terminal); a CliError saying why not otherwise. The password is never
 * part of a message.
 */
export async function readPassword(opts: Opts, io: Pick<CliIo, 'env' | 'stdin' | 'terminal'>, rule: PasswordRule): Promise<string | undefined> {
  if (str(opts, 'password') !== undefined) throw new CliError(rule.refusal);
  const named = str(opts, 'password-env');
  const fromStdin = bool(opts, 'password-stdin');
  if (named !== undefined && fromStdin) throw new CliError('give the password one way: --password-env VAR or --password-stdin, not both');
  const fallback = !fromStdin && rule.variable !== undefined && io.env[rule.variable] !== undefined ? rule.variable : undefined;
  const variable = named ?? fallback;
  let password: string;
  let source: string;
  if (variable !== undefined) {
    // A value that is no variable name may be the password itself: do not echo it.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new CliError('--password-env takes the NAME of an environment variable (letters, digits and _), not the password');
    const value = io.env[variable];
    if (value === undefined) throw new CliError(`--password-env ${variable}: the environment variable ${variable} is not set`);
    password = value;
    source = `the environment variable ${variable}`;
  } else if (fromStdin && io.terminal.isTTY) {
    // Read to its end, a terminal would echo the password and wait for Ctrl-D: ask instead.
    password = await io.terminal.readSecret(rule.prompt ?? `${rule.noun}: `);
    source = 'the terminal';
  } else if (fromStdin) {
    password = await readStdin(io.stdin());
    source = 'standard input';
  } else if (rule.prompt !== undefined && io.terminal.isTTY) {
    password = await io.terminal.readSecret(rule.prompt);
    source = 'the terminal';
  } else {
    return undefined;
  }
  if (password.length < rule.min || password.length > rule.max) {
    throw new CliError(`the ${rule.noun} from ${source} must have ${rule.min} to ${rule.max} characters, it has ${password.length}`);
  }
  return password;
}

/** Standard input to its end as UTF-8, without one trailing newline (`echo "$PW" | refinery …`). */
async function readStdin(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of source) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > STDIN_LIMIT) throw new CliError(`--password-stdin: standard input holds more than ${STDIN_LIMIT} characters; it should hold only the password`);
  }
  text += decoder.decode();
  return text.replace(/\r?\n$/, '');
}
