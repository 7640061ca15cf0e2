import { runCli } from './run-cli.js';
import type { Terminal } from './terminal.js';

const NO_TERMINAL: Terminal = { isTTY: false, readSecret: () => Promise.reject(new Error('no terminal')) };

/** Runs the CLI in-process without a token or network: what it prints and returns. */
async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { REFINERY_CONFIG: '/nonexistent/refinery-config.json' }, (t) => void (out += t), (t) => void (err += t), () => [], NO_TERMINAL);
  return { code, out, err };
}

describe('refinery command line parsing', () => {
  it('finds the command after global options and their values', async () => {
    for (const argv of [
      ['--url', 'http://example.test', 'project', 'list'],
      ['project', 'list', '--url', 'http://example.test'],
      ['--json', 'project', 'list'],
    ]) {
      expect(await cli(...argv)).toEqual({ code: 2, out: '', err: 'refinery: no API token: run `refinery login`, or pass --token / set REFINERY_TOKEN\n' });
    }
  });

  it('names an unknown command, an unknown option and a missing argument', async () => {
    expect(await cli('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });
    expect(await cli('project', 'list', '--nope')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--nope'") });
    expect(await cli('--token', 't', 'project', 'show')).toMatchObject({ code: 2, err: expect.stringContaining('missing <project>; usage: refinery project show <project>') });
  });

  it('prints the usage of every command with --help, and of one command with <command> --help', async () => {
    const all = await cli('--help');
    expect(all.code).toBe(0);
    expect(all.out).toContain('heuristic create <project> --task T --name N --file F');
    expect(await cli('ws', 'run', '--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: refinery ws run <project>/) });
  });
});
