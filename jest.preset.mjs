// Shared jest settings: ESM TypeScript through SWC (decorators + metadata for NestJS), and
// `@refinery/*` mapped to each package's sources so tests never need a prior build.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, workspacePackages } from './scripts/workspace-packages.mjs';

const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const { name, dir, pkg } of workspacePackages()) {
  const types = pkg.exports?.['.']?.types;
  if (!types) continue;
  // ./dist/x.d.ts -> <dir>/src/x.ts
  const source = types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts');
  moduleNameMapper[`^${name.replace('/', '\\/')}$`] = join(root, dir, source);
}

export const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2024',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export function preset(overrides = {}) {
  return {
    rootDir: root,
    roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/apps', '<rootDir>/tests'].filter((r) => existsSync(r.replace('<rootDir>', root))),
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': swcTransform },
    moduleNameMapper,
    modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.tools/', '<rootDir>/.data/'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
    ...overrides,
  };
}
