import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '../../..');

/** The Nx boundary rule must fail the lint (and so the build) on forbidden imports. */
describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The rule reads Nx's project graph; make sure it exists.
    execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: root,
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: root });
  }, 60_000);

  async function boundaryErrors(code: string, file: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
      .map((m) => m.message);
  }

  it('rejects a service importing another service', async () => {
    const errors = await boundaryErrors(
      "import { recordsService } from '@refinery/service-records';\nexport const x = recordsService;\n",
      'services/export/src/boundary-probe.ts',
    );
    expect(errors).toEqual([expect.stringContaining('type:service')]);
  });

  it('rejects a domain library importing Nest or mongoose', async () => {
    const errors = await boundaryErrors(
      "import mongoose from 'mongoose';\nimport { Module } from '@nestjs/common';\nexport const x = [mongoose, Module];\n",
      'libs/domain/tokenize/src/boundary-probe.ts',
    );
    expect(errors).toHaveLength(2);
  });

  it('accepts a service importing contracts and server libraries', async () => {
    const errors = await boundaryErrors(
      "import { HealthSubjects } from '@refinery/contracts';\nimport { AppError } from '@refinery/server-core';\nexport const x = [HealthSubjects, AppError];\n",
      'services/export/src/boundary-probe.ts',
    );
    expect(errors).toEqual([]);
  });
});
