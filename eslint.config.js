// Lint rules, including the one-way import rule of STYLE.md, enforced by PATH (so a relative
// `../db/connect` is caught, not only a specifier that happens to contain `server/db`):
// common ← domain ← policies ← commands ← {http, cli, jobs}; db/storage implement ports;
// entrypoints are the only composition root; web never imports server; only server/config
// reads process.env. docs/architecture.md shows the same zones as a table; the planted
// violations in lint-fixtures/ (checked by scripts/lint-zones.test.ts) prove each zone still fires.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

// ---- Path-based zones -------------------------------------------------------------------
// Each zone lists what its files MAY import from the project; every other top-level folder is
// refused. `{ dir, only }` allows just those files of a folder (paths relative to the folder).
const FOLDERS = [
  'common',
  'web',
  ...['domain', 'policies', 'commands', 'ports', 'db', 'storage', 'bundles', 'delivery', 'reports', 'checks', 'redaction', 'jobs', 'http', 'cli', 'config', 'entrypoints', 'testing'].map(
    (d) => `server/${d}`,
  ),
];
/** What each zone may import (besides external packages, which the specifier rules below handle). */
export const ZONES = {
  common: ['common'],
  'server/domain': ['common', 'server/domain'],
  'server/policies': ['common', 'server/domain', 'server/policies'],
  // Ports speak the checks' vocabulary (presets, shared types) for the Scanner port.
  'server/ports': ['common', 'server/domain', 'server/ports', { dir: 'server/checks', only: ['shared/presets.ts', 'engine/types.ts'] }, { dir: 'server/redaction', only: ['types.ts'] }],
  // Commands call the Kysely repositories of db/ directly (db/ is their persistence port); every
  // other I/O (blobs, output areas, upload staging, the scanner, the queue) comes through ports/.
  // From checks/ they read only the vocabulary: presets, the shared types and type detection.
  'server/commands': [
    'common',
    'server/domain',
    'server/policies',
    'server/ports',
    'server/db',
    'server/commands',
    { dir: 'server/checks', only: ['shared/presets.ts', 'engine/types.ts', 'formats/detect-type.ts'] },
  ],
  'server/db': ['common', 'server/domain', 'server/ports', 'server/db'],
  // Adapters are opened from their own settings (StorageConfig, the upload defaults), so config/ is allowed.
  'server/storage': ['common', 'server/domain', 'server/ports', 'server/storage', 'server/config'],
  // Release bundles: the signing key file and the sealer behind ports/bundle-*.ts; they re-hash
  // with storage/'s one-pass hashing counter.
  'server/bundles': ['common', 'server/domain', 'server/ports', 'server/bundles', { dir: 'server/storage', only: ['hashing.ts'] }],
  // Delivery of a release (push, folder export, encryption) reuses the storage adapters' hashing and
  // Azure client, and is opened from its settings (DeliverySettings); the release job calls it.
  'server/delivery': ['common', 'server/domain', 'server/ports', 'server/storage', 'server/config', 'server/delivery'],
  // Rendered documents (the closure report's PDF, behind ports/closure-report-renderer.ts): they lay
  // out what domain/ computed and read nothing else.
  'server/reports': ['common', 'server/domain', 'server/ports', 'server/reports'],
  // The check engine and families: common/ and themselves, plus the error type of domain/.
  'server/checks': ['common', 'server/checks', { dir: 'server/domain', only: ['errors.ts'] }],
  // Redaction operations (issue 13): pure file-to-file transforms; they reuse the checks' engine
  // (line detectors to find what to mask, type detection, presets) and nothing with I/O beyond files.
  'server/redaction': ['common', 'server/redaction', 'server/checks', { dir: 'server/domain', only: ['errors.ts'] }],
  // The release job calls server/delivery (push, export, encryption) after the commands commit.
  'server/jobs': ['common', 'server/domain', 'server/policies', 'server/ports', 'server/db', 'server/commands', 'server/config', 'server/delivery', 'server/jobs'],
  'server/http': ['common', 'server/domain', 'server/policies', 'server/ports', 'server/commands', 'server/config', 'server/http', { dir: 'server/checks', only: ['shared/presets.ts'] }],
  'server/cli': ['common', 'server/domain', 'server/policies', 'server/ports', 'server/commands', 'server/config', 'server/cli', { dir: 'server/checks', only: ['shared/presets.ts'] }],
  'server/config': ['common', 'server/config'],
  'server/entrypoints': FOLDERS.filter((f) => f !== 'web' && f !== 'server/testing'),
  // Test harnesses wire real parts like an entrypoint does, but never the outer layers.
  'server/testing': FOLDERS.filter((f) => !['web', 'server/entrypoints', 'server/http', 'server/cli'].includes(f)),
};
/**
 * Test code and test support may cross layers (they build worlds through real parts). Test support
 * has one naming scheme: shared harnesses and factories in server/testing/, area-specific support
 * next to its area as `<name>.testing.ts` (scripts/test-support-names.test.ts keeps it so).
 */
const TEST_SUPPORT = ['**/*.test.ts', '**/*.test.tsx', '**/*.testing.ts'];

const zonesFor = (target) =>
  FOLDERS.filter((from) => from !== target).flatMap((from) => {
    const allowed = ZONES[target].find((a) => a === from || a.dir === from);
    if (allowed === from) return [];
    const names = ZONES[target].map((a) => (typeof a === 'string' ? a : `${a.dir}/{${a.only.join(',')}}`));
    const zone = { target: `./${target}`, from: `./${from}`, message: `${target}/ may import only ${names.join(', ')} (STYLE.md §1, docs/architecture.md).` };
    return allowed ? [{ ...zone, except: allowed.only.map((f) => `./${f}`) }] : [zone];
  });
const zoneRule = (targets) => ['error', { basePath: root, zones: targets.flatMap(zonesFor) }];

const COMMANDS_NO_PACKAGES = ['node:fs', 'node:fs/*', 'fs', 'fastify', 'node:os', 'node:worker_threads'];
const io = ['node:fs', 'node:fs/*', 'fs', 'kysely', 'fastify', 'pg', 'better-sqlite3'];

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

// A check family imports only server/checks/engine, server/checks/shared and common/, never another
// family (issue 11): relative specifiers that climb out of the family into a sibling are refused.
// Each file under a family also keeps the package bans of its zone (none today beyond the zones).
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

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-output/', 'bin/', 'lint-fixtures/'] },
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
  {
    files: ['common/**/*.ts', 'server/**/*.ts', 'server/**/*.mjs'],
    ignores: TEST_SUPPORT,
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })] },
    rules: { 'import-x/no-restricted-paths': zoneRule(Object.keys(ZONES)) },
  },
  // Packages and Node built-ins are matched by specifier (no path to resolve).
  // Tests and test support of common/ run in Node only (e.g. bundles written with node:crypto to test the verifier).
  { ...layer(['common/**'], ['node:*', 'react', 'fastify', 'kysely'], 'common/ is isomorphic: it imports nothing from server/, web/ or Node.'), ignores: TEST_SUPPORT },
  layer(['server/domain/**'], io, 'domain/ is pure: no I/O.'),
  layer(['server/policies/**'], io, 'policies/ decide from data they are given: no I/O.'),
  { ...layer(['server/commands/**'], COMMANDS_NO_PACKAGES, 'commands/ reach files, workers and HTTP through ports/ (server/ports), wired in server/entrypoints.'), ignores: TEST_SUPPORT },
  layer(['server/ports/**'], ['kysely', 'fastify', 'pg', 'better-sqlite3', 'node:fs', 'node:fs/*'], 'ports/ are interfaces: no adapter packages.'),
  layer(['web/**'], ['**/server/**'], 'web/ talks to the server over HTTP only; share shapes through common/.'),
  // Later entries replace the web/** one for these files, so they repeat its server/ ban.
  layer(
    ['web/src/lib/**', 'web/src/components/**'],
    ['**/server/**', '**/app/*', '**/features/**'],
    'lib/ and components/ are shared by every feature: they import no feature and not the app; the app composes features.',
  ),
  ...[1, 2, 3].map(featureBoundary),
  ...CHECK_FAMILIES.map(sealedFamily),
);
