import { isatty, type ReadStream } from 'node:tty';
import { CliError } from './cli-error.js';
import { HiddenLine } from './hidden-line.js';

/** The terminal a person types into, if standard input is one (tests pass their own). */
export interface Terminal {
  readonly isTTY: boolean;
  /** Writes `prompt` to stderr and reads one line without echoing it. */
  readSecret(prompt: string): Promise<string>;
}

/** The process's own: standard input when it is a terminal, prompts on stderr. */
export function processTerminal(): Terminal {
  return {
    get isTTY() {
      return isatty(0);
    },
    readSecret: (prompt) => readHidden(process.stdin as ReadStream, (t) => void process.stderr.write(t), prompt),
  };
}

/** One line from a terminal in raw mode (no echo); the terminal is restored whatever happens. */
async function readHidden(input: ReadStream, write: (text: string) => void, prompt: string): Promise<string> {
  write(prompt);
  const line = new HiddenLine();
  input.setRawMode(true);
  input.setEncoding('utf8');
  let onData: ((text: string) => void) | undefined;
  let onEnd: (() => void) | undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      onData = (text: string) => {
        const event = line.feed(text);
        if (event.kind === 'done') resolve(event.value);
        else if (event.kind === 'cancelled') reject(new CliError('cancelled at the password prompt'));
      };
      onEnd = () => reject(new CliError('standard input ended before a password was typed'));
      input.on('data', onData);
      input.once('end', onEnd);
      input.resume();
    });
  } finally {
    if (onData) input.off('data', onData);
    if (onEnd) input.off('end', onEnd);
    input.setRawMode(false);
    input.pause();
    write('\n');
  }
}
