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

// A check family imports only server/checks/engine, server/checks/shared and common/, never another
// family (issue 11): relative specifiers that climb out of the family into a sibling are refused.
const CHECK_FAMILIES = ['archive', 'filetype', 'hidden-content', 'metadata', 'microdata', 'notebook', 'pii', 'sdc', 'secrets'];
const sealedFamily = (family) => ({
  files: [`server/checks/families/${family}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^\\.\\./(?:\\.\\./)*(?:families/)?(?:${CHECK_FAMILIES.filter((f) => f !== family).join('|')})(?:/|$)`,
            message: 'A check family imports only engine/, shared/ and common/, never another family: move what both need to server/checks/shared/.',
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
  ...CHECK_FAMILIES.map(sealedFamily),
  layer(['web/src/features/**', 'web/src/lib/**', 'web/src/components/**'], ['**/server/**', '**/app/*'], 'Only web/src/app imports the app (its router, routes, layout); use lib/navigation.ts for links.'),
);
