import { RefineryClient } from '@refinery/sdk';
import { CliError } from './cli-error.js';
import type { Settings } from './settings.js';
import type { Terminal } from './terminal.js';

export interface GlobalOptions {
  readonly url: string;
  readonly token: string | undefined;
  readonly json: boolean;
  readonly settingsPath: string;
}

/** The process around a command, passed in so that tests run the CLI in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, opened only by the commands that read it (`--password-stdin`). */
  readonly stdin: () => AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** The terminal behind stdin, if any: where `login` asks for a password without echo. */
  readonly terminal: Terminal;
}

/** What every command gets: the client, the options, and output that honours `--json`. */
export class CliContext {
  readonly client: RefineryClient;

  constructor(
    readonly options: GlobalOptions,
    readonly settings: Settings,
    readonly io: CliIo,
  ) {
    this.client = new RefineryClient({ url: options.url, ...(options.token ? { token: options.token } : {}) });
  }

  /** A progress line on stderr (stdout stays clean for `--json`). */
  note(text: string): void {
    this.io.stderr(`${text}\n`);
  }

  /** `--json`: the value as one JSON document; otherwise the human text. */
  print(value: unknown, human: () => string): void {
    this.io.stdout(this.options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  requireToken(): void {
    if (!this.options.token) throw new CliError('no API token: run `refinery login`, or pass --token / set REFINERY_TOKEN');
  }
}

/** Fixed-width columns for lists. */
export function table(rows: readonly (readonly (string | number | null | undefined)[])[], header: readonly string[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
