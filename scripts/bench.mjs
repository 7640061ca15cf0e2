// Runs benchmark suites: every workspace package's dist/bench/<suite>.bench.js, in turn, with
// their JSON lines passed through on stdout. `npm run bench -- list` lists the suites.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, workspacePackages } from './workspace-packages.mjs';

const suites = new Map();
for (const { dir } of workspacePackages()) {
  const benchDir = join(root, dir, 'dist', 'bench');
  if (!existsSync(benchDir)) continue;
  for (const file of readdirSync(benchDir).filter((f) => f.endsWith('.bench.js'))) {
    const name = file.replace(/\.bench\.js$/, '');
    suites.set(name, [...(suites.get(name) ?? []), join(benchDir, file)]);
  }
}
// Plain-script suites outside the packages (measurements of the environment itself).
const scriptSuites = { ferretdb: join(root, 'scripts', 'bench', 'ferretdb-backends.mjs') };
for (const [name, file] of Object.entries(scriptSuites))
  if (existsSync(file)) suites.set(name, [file]);

const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted[0] === 'list') {
  process.stderr.write(
    `usage: npm run bench -- <suite...>|all\nsuites: ${[...suites.keys()].sort().join(', ')}\n`,
  );
  process.exit(wanted.length === 0 ? 2 : 0);
}
const names =
  wanted[0] === 'all' ? [...suites.keys()].filter((s) => s !== 'ferretdb').sort() : wanted;
let failed = false;
for (const name of names) {
  const files = suites.get(name);
  if (!files) {
    process.stderr.write(
      `unknown suite "${name}"; known: ${[...suites.keys()].sort().join(', ')}\n`,
    );
    failed = true;
    continue;
  }
  for (const file of files) {
    process.stderr.write(`== bench ${name}: ${file}\n`);
    const res = spawnSync(process.execPath, [file], {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: root,
    });
    // A suite that crashes is reported; a slow number never fails the run.
    if (res.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
