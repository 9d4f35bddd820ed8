// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The dependency rules of DESIGN.md, as errors. Each message names what to use instead.
 * shared imports nothing of ours · renderer → shared · electron/backend, host → shared ·
 * electron/main → shared (starts the backend by path) · central → shared, city · city → shared.
 */
const node = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'worker_threads', 'crypto', 'url', 'zlib', 'stream', 'events', 'util'];
const nodeBuiltins = [...node, ...node.map((m) => `node:${m}`)].map((name) => ({
  name,
  message: 'Node built-ins do not exist here: ask the backend through the board API (renderer) or keep shared/ pure.',
}));
const electronBan = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron'; the backend must run under plain Node." };
const sqliteBan = { name: 'better-sqlite3', message: 'SQLite belongs to electron/backend (and central/); reach it through the board API.' };
const cipherSqliteBan = { name: 'better-sqlite3-multiple-ciphers', message: 'The encrypted cache belongs to electron/backend; reach it through the board API.' };
const wsBan = { name: 'ws', message: 'Network transports live in electron/backend, electron/host and central/.' };
const rendererBan = { group: ['**/renderer/**', '../renderer', '../../renderer'], message: 'Do not import the renderer; share code through shared/.' };
const electronDirBan = { group: ['**/electron/**', '../electron/*'], message: 'Do not import electron/ code; share code through shared/.' };
const centralBan = { group: ['**/central/**', '../central/*'], message: 'central/ is the reference server, a separate system: talk to it over HTTP/WebSocket, share contracts through shared/.' };
const backendBan = { group: ['**/backend/**', '../backend/*'], message: 'electron/main starts the backend by file path in a utilityProcess; it must not import it.' };
const cityBan = { group: ['**/city/**', '../city/*', '!**/shared/city/**'], message: 'The city pipeline (city/) is CPU-heavy: the backend runs it in a worker, never on Electron main.' };
const hostBan = { group: ['**/host/**', '../host/*'], message: 'The browser host is a separate entry; share code through shared/ or electron/backend.' };
const testingBan = {
  group: ['**/testing/**', '**/test-support', '**/test-support.ts'],
  message: 'Test doubles and harnesses (testing/, test-support) are for tests only; production code must not depend on them.',
};

/**
 * Renderer folders (DESIGN.md "Domain modules"): one folder per feature, shared folders any
 * feature may use, and the shell that composes them. A feature never imports another
 * feature nor the shell; the shared folders import no feature. Matched on the relative
 * path so that shared/<domain>/ (../../shared/fleet/...) is never mistaken for one.
 */
const RENDERER_FEATURES = ['fleet', 'sites', 'link', 'alerts', 'dispatch', 'wall', 'signin', 'people', 'cities', 'assets', 'duty', 'reports'];
const RENDERER_SHARED = ['ui', 'format', 'map', 'api', 'i18n'];
const rendererPaths = [electronBan, sqliteBan, cipherSqliteBan, wsBan, ...nodeBuiltins];
const folderRegex = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
const otherFeaturesBan = (feature) => ({
  regex: folderRegex(RENDERER_FEATURES.filter((f) => f !== feature)),
  message: `renderer/${feature}/ is a feature: it must not import another feature folder. Put what both need in renderer/ui/ (components, hooks) or renderer/format/ (formatting), map layers in renderer/map/; renderer/app/ wires features together.`,
});
const shellBan = {
  regex: folderRegex(['app']),
  message: 'renderer/app/ is the shell: it imports features, never the other way round. Take what you need as props, or move it to renderer/ui/ or renderer/format/.',
};
// i18n/ registers every folder's dictionaries (<folder>/messages.<language>.ts, data only).
const featuresFromSharedBan = (folder) => ({
  regex: folder === 'i18n' ? `^(\\.\\./)+(${[...RENDERER_FEATURES, 'app'].join('|')})(/(?!messages\\.)|$)` : folderRegex([...RENDERER_FEATURES, 'app']),
  message: `renderer/${folder}/ is shared by every feature, so it imports none of them (nor the shell renderer/app/): move the piece it needs into a shared folder (renderer/ui/, renderer/format/, renderer/map/).`,
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'resources/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // TypeScript checks undefined names in .ts files; plain scripts need the Node globals.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan, sqliteBan, cipherSqliteBan, wsBan, ...nodeBuiltins, { name: 'react', message: 'shared/ is pure domain code: no UI.' }],
        patterns: [rendererBan, electronDirBan, centralBan, testingBan],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: rendererPaths,
        patterns: [electronDirBan, centralBan, testingBan],
      }],
    },
  },
  {
    // Tests may use the test doubles and harnesses (testing/); the shell's too (renderer/app/).
    files: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [electronDirBan, centralBan] }],
    },
  },
  // Later entries replace the rule's options for their files, so each repeats the renderer-wide bans.
  // A folder's tests keep its folder rules but may use the test doubles (shared/**/testing/).
  ...RENDERER_FEATURES.flatMap((feature) => [
    {
      files: [`renderer/${feature}/**/*.ts`, `renderer/${feature}/**/*.tsx`],
      rules: {
        'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [electronDirBan, centralBan, testingBan, otherFeaturesBan(feature), shellBan] }],
      },
    },
    {
      files: [`renderer/${feature}/**/*.test.ts`, `renderer/${feature}/**/*.test.tsx`],
      rules: {
        'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [electronDirBan, centralBan, otherFeaturesBan(feature), shellBan] }],
      },
    },
  ]),
  ...RENDERER_SHARED.flatMap((folder) => [
    {
      files: [`renderer/${folder}/**/*.ts`, `renderer/${folder}/**/*.tsx`],
      rules: {
        'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [electronDirBan, centralBan, testingBan, featuresFromSharedBan(folder)] }],
      },
    },
    {
      files: [`renderer/${folder}/**/*.test.ts`, `renderer/${folder}/**/*.test.tsx`],
      rules: {
        'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [electronDirBan, centralBan, featuresFromSharedBan(folder)] }],
      },
    },
  ]),
  {
    // Tests may start the real central reference server; production code may not reach it.
    files: ['electron/backend/**/*.ts', 'electron/host/**/*.ts'],
    ignores: ['electron/**/*.test.ts', 'electron/backend/testing/central-suite.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [rendererBan, centralBan, testingBan] }],
    },
  },
  {
    files: ['electron/backend/**/*.ts'],
    ignores: ['electron/backend/**/*.test.ts', 'electron/backend/testing/**', 'electron/backend/test-support.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [rendererBan, centralBan, hostBan, testingBan] }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: ['electron/**/*.test.ts', 'electron/main/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [rendererBan, centralBan, backendBan, hostBan, testingBan, cityBan] }],
    },
  },
  {
    // The city pipeline: Node, shared/ only; it knows nothing of the processes that run it.
    files: ['city/**/*.ts'],
    ignores: ['city/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [rendererBan, electronDirBan, centralBan, testingBan] }],
    },
  },
  {
    files: ['central/**/*.ts'],
    ignores: ['central/**/*.test.ts', 'central/test-support.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [rendererBan, electronDirBan, testingBan] }],
    },
  },
);
