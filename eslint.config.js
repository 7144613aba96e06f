// Lint rules, including the one-way import rule of STYLE.md:
// common ← domain ← policies ← commands ← {http, cli, jobs}; db/storage implement ports;
// web never imports server; only server/config reads process.env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

/**
 * A web feature imports no other feature (nor the app): shared hooks and formatting live in
 * web/src/lib, shared components in web/src/components, and web/src/app composes features.
 * A file `depth` levels inside web/src/features/<feature>/ (1: directly in it) reaches the
 * features folder with `depth` times `../`, so any import that climbs exactly that far names a feature.
 */
const featureBoundary = (depth) => ({
  files: [`web/src/features/*/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['**/server/**'], message: 'web/ talks to the server over HTTP only; share shapes through common/.' },
          { group: ['**/app/*'], message: 'Only web/src/app imports the app (its router, routes, layout); use lib/navigation.ts and lib/paths.ts for links.' },
          {
            regex: `^(\\.\\./){${depth}}[^./]`,
            message: 'A feature imports no other feature: move what both need to web/src/lib or web/src/components, or let web/src/app compose them.',
          },
        ],
      },
    ],
  },
});

const outer = ['**/server/http/**', '**/server/cli/**', '**/server/jobs/**', '**/server/entrypoints/**'];
const io = ['**/server/db/**', '**/server/storage/**', '**/server/config/**', 'node:fs', 'node:fs/*', 'fs', 'kysely', 'fastify', 'pg', 'better-sqlite3'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-output/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through server/config only.' },
        { selector: 'TSEnumDeclaration', message: 'Use `as const` objects and unions, not enums.' },
      ],
    },
  },
  {
    files: ['server/config/**', '**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**', 'scripts/**', 'vite.config.ts', 'vitest.config.ts', 'server/testing/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use `as const` objects and unions, not enums.' }] },
  },
  layer(['common/**'], ['**/server/**', '**/web/**', 'node:*', 'react'], 'common/ is isomorphic: it imports nothing from server/, web/ or Node.'),
  layer(['server/domain/**'], ['**/policies/**', '**/commands/**', ...outer, ...io], 'domain/ is pure: no I/O, no outer layers.'),
  layer(['server/policies/**'], ['**/commands/**', ...outer, ...io], 'policies/ decide from data they are given: no I/O, no outer layers.'),
  layer(['server/commands/**'], outer, 'commands/ are called by http, cli and jobs, never the other way.'),
  layer(['server/db/**', 'server/storage/**'], ['**/commands/**', ...outer], 'adapters implement ports; they do not call use cases.'),
  layer(['web/**'], ['**/server/**'], 'web/ talks to the server over HTTP only; share shapes through common/.'),
  // Later entries replace the web/** one for these files, so they repeat its server/ ban.
  layer(['web/src/lib/**', 'web/src/components/**'], ['**/server/**', '**/app/*', '**/features/**'], 'lib/ and components/ are shared by every feature: they import no feature and not the app; the app composes features.'),
  ...[1, 2, 3].map(featureBoundary),
);
