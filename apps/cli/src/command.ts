import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';

export type OptionKind = 'string' | 'boolean';
export type Opts = Readonly<Record<string, string | boolean | undefined>>;

/** One `refinery` command: its words (`project list`), usage line, options and work. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  /** More than the usage line, shown by `refinery <command> --help`. */
  readonly help?: string;
  readonly options?: Readonly<Record<string, OptionKind>>;
  run(ctx: CliContext, args: string[], opts: Opts): Promise<void>;
}

export function str(opts: Opts, name: string): string | undefined {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
}

export function bool(opts: Opts, name: string): boolean {
  return opts[name] === true;
}

/** A whole positive number option, or a CliError naming it. */
export function int(opts: Opts, name: string, fallback: number): number {
  const v = str(opts, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new CliError(`--${name} must be a positive whole number, got "${v}"`);
  return n;
}

/** Positional arguments by name, or a usage error. */
export function positional(args: readonly string[], names: readonly string[], usage: string): string[] {
  if (args.length < names.length) throw new CliError(`missing <${names[args.length]}>; usage: refinery ${usage}`);
  return args.slice(0, names.length);
}
