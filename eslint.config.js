// Lint rules that keep the house style enforceable rather than aspirational.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import i18next from 'eslint-plugin-i18next';
import checkFile from 'eslint-plugin-check-file';
import globals from 'globals';

const features = ['teams', 'files', 'chat', 'tasks', 'lessons', 'auth'];

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'test-results/', 'playwright-report/', 'src/api/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json', './tsconfig.e2e.json'], tsconfigRootDir: import.meta.dirname, noWarnOnMultipleProjects: true },
    },
    plugins: { 'import-x': importX, 'check-file': checkFile },
    settings: {
      // import-x only follows imports into files with these extensions (its default is .js/.mjs/.cjs): without
      // .ts/.tsx every resolved module was skipped, and no-cycle could never see a cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'tsconfig.node.json', 'tsconfig.e2e.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Input validation (paths, return targets) must match control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,tsx}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': ['error', { 'src/**/': 'KEBAB_CASE' }],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Browser code: hooks rules, accessibility, no literal UI strings, and the dependency direction
    // app -> features -> shared (api, components, lib, i18n). Features never import each other.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y, i18next },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      ...jsxA11y.flatConfigs.strict.rules,
      'i18next/no-literal-string': ['error', { mode: 'jsx-only', 'jsx-attributes': { include: ['^(aria-label|title|alt|placeholder)$'] } }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...features.map((f) => ({
              target: `./src/features/${f}`,
              from: './src/features',
              except: [`./${f}`],
              message: 'Features never import each other: assemble cross-feature flows in src/app/routes.',
            })),
            { target: './src/features', from: './src/app', message: 'Features must not depend on the app layer.' },
            {
              target: ['./src/api', './src/components', './src/lib', './src/i18n'],
              from: ['./src/features', './src/app'],
              message: 'Shared code must not depend on features or the app layer.',
            },
            {
              target: ['./src/features', './src/app'],
              from: ['./src/api/client.ts', './src/api/ocs.ts'],
              message: 'src/api/<service>/ is the only door to Nextcloud: call its typed functions (types: src/api/call-options.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Network and browser storage go through src/api (requests) and src/lib (storage wrappers that survive
    // blocked storage); dates and numbers through src/i18n/format.ts. Tests and test helpers may fake them.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/lib/**', 'src/api/**', 'src/testing/**', 'src/i18n/format.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['fetch', 'localStorage', 'sessionStorage', 'indexedDB'].map((name) => ({
          name,
          message: `No raw ${name} outside src/api and src/lib: use the typed API functions or the wrappers in src/lib.`,
        })),
      ],
      'no-restricted-properties': [
        'error',
        ...['window', 'globalThis', 'self'].flatMap((object) =>
          ['fetch', 'localStorage', 'sessionStorage', 'indexedDB'].map((property) => ({
            object,
            property,
            message: `No raw ${property} outside src/api and src/lib: use the typed API functions or the wrappers in src/lib.`,
          })),
        ),
        ...['toLocaleDateString', 'toLocaleTimeString', 'toLocaleString'].map((property) => ({
          property,
          message: 'Format dates and numbers with src/i18n/format.ts (useFormat), in the app language.',
        })),
      ],
    },
  },
  {
    // No barrel files: import from the module that defines the thing.
    files: ['src/**/index.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: 'No barrel files (index.ts) in src/.' }] },
  },
  {
    files: ['src/**/*.test.{ts,tsx}'],
    rules: { 'i18next/no-literal-string': 'off' },
  },
  {
    // Size limits keep modules and functions reviewable (house style: files <= 400 lines, short functions).
    // Tests are exempt (unit tests and e2e specs) and so is generated code (src/api/generated is ignored
    // above); data tables belong in JSON, not in a long module.
    files: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', 'e2e/**/*.spec.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Functions, components included: 80 lines without blanks and comments.
    files: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', 'e2e/**/*.spec.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    // The gateway a school deploys: no dev server, test wiring, browser tests or scripts in it (tests next to
    // the code may use gateway/testing), and files and functions small enough to read.
    files: ['gateway/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './gateway/src',
              from: ['./devserver', './gateway/testing', './e2e', './scripts'],
              message: 'gateway/src is what a school deploys: keep the dev server, test wiring, e2e and scripts out of it.',
            },
          ],
        },
      ],
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['gateway/**/*.ts', 'devserver/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Dev server: files and functions short enough to read (tests excepted; data tables belong in JSON).
    files: ['devserver/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
);
