// Lint for every TypeScript project except apps/web (which has its Angular config, extending the
// same boundary rule). The Nx boundary rule is the architecture's guard: a service never imports
// another service; domain libraries never import Nest, mongoose or other I/O frameworks.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { depConstraints } from './eslint.boundaries.mjs';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '.data/**', '.nx/**', 'apps/web/**', 'helm/**', 'deploy/**'],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, checkDynamicDependenciesExceptions: [] },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'focused tests are not allowed' },
        { selector: "CallExpression[callee.property.name='skip']", message: 'skipped tests are not allowed' },
      ],
    },
  },
);
