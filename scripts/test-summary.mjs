// Adds up the test counts of every tier that ran (jest JSON results, vitest and node:test logs)
// and prints one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.test-results';
let passed = 0;
let failed = 0;
const parts = [];
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const path = join(dir, file);
  let p = 0;
  let f = 0;
  if (file.endsWith('.json')) {
    const r = JSON.parse(readFileSync(path, 'utf8'));
    p = r.numPassedTests;
    f = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  } else if (file.endsWith('.log')) {
    const text = strip(readFileSync(path, 'utf8'));
    const vitest = text.match(/^\s*Tests\s+(?:(\d+) failed \| )?(\d+) passed/m);
    const nodeTest = [...text.matchAll(/^(?:#|ℹ) (pass|fail) (\d+)$/gm)];
    if (vitest) {
      f = Number(vitest[1] ?? 0);
      p = Number(vitest[2]);
    } else if (nodeTest.length) {
      for (const [, kind, n] of nodeTest) kind === 'pass' ? (p += Number(n)) : (f += Number(n));
    } else continue;
  } else continue;
  passed += p;
  failed += f;
  parts.push(`${file.replace(/\.(json|log)$/, '')} ${p}/${p + f}`);
}
process.stdout.write(`(${parts.join(', ')})\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || (parts.length > 0 && passed === 0) ? 1 : 0);
