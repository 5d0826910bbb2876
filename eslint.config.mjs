// ESLint: a small recommended base without type-aware rules (fast), and the layer rules of the source tree
// as no-restricted-imports, so `npm run lint` fails when an import crosses a layer the wrong way.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// src/core's folders, read from disk: a new folder is out of bounds for text, manifest and k8s without an edit here.
const coreFolders = readdirSync(join(import.meta.dirname, 'src/core'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const vscodeModules = [
  { name: 'vscode', message: 'Layer rule: only src/extension (and test/vscode) import vscode.' },
  {
    name: 'vscode-languageclient/node',
    message: 'Layer rule: vscode-languageclient loads vscode; only src/extension imports it.',
  },
];

// A relative import that reaches one of these top folders of src/, at any depth (`../../server/x`).
const srcFolders = (names, message) => ({ regex: `^(\\.\\./)+(${names.join('|')})(/|$)`, message });
// A relative import that reaches one of src/core's folders, from inside src/core (`../lint/x`, `../../core/lint`).
const otherCoreFolders = (allowed, message) => ({
  regex: `^(\\.\\./)+(core/)?(${coreFolders.filter((name) => !allowed.includes(name)).join('|')})(/|$)`,
  message,
});

// src/core is protocol-free too: the LSP libraries belong to src/server and src/extension.
const coreModules = [
  ...vscodeModules,
  ...['vscode-languageclient', 'vscode-languageserver', 'vscode-languageserver/node'].map((name) => ({ name, message: 'Layer rule: src/core uses no LSP library; src/server and src/extension do.' })),
];

const coreOutward = srcFolders(['server', 'extension', 'cli'], 'Layer rule: src/core imports nothing from src/server, src/extension or src/cli.');

// no-restricted-imports options are not merged between config objects: the last one that matches a file wins,
// so each block below repeats the restrictions of the wider blocks before it.
const restrict = (files, { paths = [], patterns = [] }, ignores) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.cache/**',
      'test-results/**',
      'test/fixtures/**', // test inputs, some deliberately odd
      'scripts/cluster/go/**',
      '**/.import-probe-*.mjs', // check-mjs-imports' probes (git-ignored): one left by a killed lint is no source
    ],
  },
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Off: 16 `any`s at @kubernetes/client-node boundaries and in test doubles; typing them is a rewrite of its own.
      '@typescript-eslint/no-explicit-any': 'off',
      // Off: the tests match ANSI colour escapes (\x1b) on purpose.
      'no-control-regex': 'off',
      // Off: tests spell out indentation in expected YAML (`/  cpu: 100m/`), clearer than ` {2}`.
      'no-regex-spaces': 'off',
      // `_`-prefixed names are deliberately unused (an ignored parameter, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // The webview script, and the Playwright scripts whose page.evaluate() callbacks run in the browser.
    files: ['media/**/*.ts', 'bench/cluster-extension-host.mjs', 'test/vscode/*.test.mjs', 'test/vscode/scenario.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Layer rules, widest first.
  restrict(['**/*.{ts,mts,cts,js,mjs,cjs}'], { paths: vscodeModules }),
  { files: ['src/extension/**', 'test/vscode/**'], rules: { 'no-restricted-imports': 'off' } },
  // Files in src/extension whose header says they stay vscode-free, so unit tests load them without VS Code.
  restrict(
    [
      'src/extension/schemaMatch.ts',
      'src/extension/cluster/kubeconfigSetting.ts',
      'src/extension/cluster/lintVersionText.ts',
      'src/extension/cluster/localCluster.ts',
      'src/extension/explorer/children.ts',
      'src/extension/doctor/choices.ts',
      'src/extension/doctor/rollout.ts',
      'src/extension/explorer/model.ts',
      'src/extension/hpaPanel/series.ts',
      'src/extension/live/access.ts',
      'src/extension/live/liveLenses.ts',
    ],
    {
      paths: vscodeModules.map((entry) => ({
        ...entry,
        message: 'Layer rule: this file says it has no vscode import (unit tests load it without VS Code).',
      })),
    },
  ),
  restrict(['src/cli/**'], {
    paths: vscodeModules,
    patterns: [srcFolders(['extension'], 'Layer rule: src/cli does not import src/extension.')],
  }),
  restrict(['src/server/**'], {
    paths: vscodeModules,
    patterns: [srcFolders(['extension', 'cli'], 'Layer rule: src/server imports neither src/extension nor src/cli.')],
  }),
  restrict(['src/core/**'], { paths: coreModules, patterns: [coreOutward] }),
  restrict(['src/core/l10n/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders([], "Layer rule: src/core/l10n (messages in the reader's language) is the bottom layer: it imports no other src/core folder.")],
  }),
  restrict(['src/core/text/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text'], 'Layer rule: src/core/text imports no other src/core folder.')],
  }),
  restrict(['src/core/manifest/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text', 'manifest'], 'Layer rule: src/core/manifest imports only src/core/text.')],
  }),
  restrict(['src/core/k8s/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text', 'manifest', 'k8s'], 'Layer rule: src/core/k8s imports only src/core/text and manifest.')],
  }),
  restrict(['src/core/schema/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text', 'manifest', 'k8s', 'schema'], 'Layer rule: src/core/schema imports only text, manifest and k8s (convert and lint check with it).')],
  }),
  restrict(['src/core/convert/**'], {
    paths: coreModules,
    patterns: [
      coreOutward,
      otherCoreFolders(['l10n', 'text', 'manifest', 'k8s', 'schema', 'convert'], 'Layer rule: src/core/convert imports only text, manifest, k8s and schema (lint sits above it).'),
    ],
  }),
  restrict(['src/core/lint/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text', 'manifest', 'k8s', 'schema', 'convert', 'lint'], 'Layer rule: src/core/lint imports only text, manifest, k8s, schema and convert.')],
  }),
  restrict(['src/core/language/**'], {
    paths: coreModules,
    patterns: [
      coreOutward,
      otherCoreFolders(
        ['l10n', 'text', 'manifest', 'k8s', 'schema', 'convert', 'lint', 'language'],
        'Layer rule: src/core/language (editor features) reads manifests through lint and convert, not the live cluster.',
      ),
    ],
  }),
  restrict(['src/core/cluster/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text', 'manifest', 'k8s', 'cluster'], 'Layer rule: src/core/cluster (the live data layer) imports only text, manifest and k8s.')],
  }),
  restrict(['src/core/doctor/**'], {
    paths: coreModules,
    patterns: [coreOutward, otherCoreFolders(['l10n', 'text', 'manifest', 'k8s', 'cluster', 'doctor'], 'Layer rule: src/core/doctor imports only text, manifest, k8s and cluster.')],
  }),
);
