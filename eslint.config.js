import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The house's layout, held by lint (docs/architecture.md): what each part may import.
 * - shared: nothing but itself, and no runtime library;
 * - core (cross-cutting machinery): shared and itself, never a module or the composition root;
 * - a module: shared, core, its own files, and another module only through its `index.ts`;
 * - the composition root and the operator commands: anything of the server, modules through their index;
 * - the console: shared and itself, never server code;
 * - tests and benchmarks: the server's public entry (`@twostep/server`), shared, and their own helpers.
 */
const server = 'packages/server/src';
const elements = [
  { type: 'shared', pattern: 'packages/shared/src' },
  { type: 'core', pattern: `${server}/core` },
  { type: 'module', pattern: `${server}/modules/*`, capture: ['name'] },
  { type: 'composition', pattern: `${server}/composition` },
  { type: 'cli', pattern: `${server}/cli` },
  // What is left of the server: app.ts, index.ts, main.ts (the entry points beside the composition root).
  { type: 'root', pattern: server },
  { type: 'web', pattern: 'packages/web/src' },
  { type: 'test', pattern: 'test' },
];
const to = (...types) => ({ to: { element: { types: { anyOf: types } } } });
const moduleEntry = { to: { element: { type: 'module', fileInternalPath: 'index.ts' } } };
const architecture = {
  files: ['packages/*/src/**/*.{ts,tsx}', 'test/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': elements,
    'import/resolver': {
      typescript: {
        project: ['packages/*/tsconfig.json', 'packages/web/tsconfig.app.json', 'test/tsconfig.json'],
        noWarnOnMultipleProjects: true,
      },
    },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        policies: [
          { from: { element: { type: 'shared' } }, allow: to('shared') },
          { from: { element: { type: 'core' } }, allow: to('core', 'shared') },
          { from: { element: { type: 'module' } }, allow: to('core', 'shared') },
          { from: { element: { type: 'module' } }, allow: { dependency: { relationship: { to: 'internal' } } } },
          { from: { element: { type: 'module' } }, allow: moduleEntry },
          {
            from: { element: { types: { anyOf: ['composition', 'root', 'cli'] } } },
            allow: to('core', 'shared', 'composition', 'root', 'cli'),
          },
          { from: { element: { types: { anyOf: ['composition', 'root', 'cli'] } } }, allow: moduleEntry },
          { from: { element: { type: 'web' } }, allow: to('web', 'shared') },
          { from: { element: { type: 'test' } }, allow: to('test', 'shared') },
        ],
      },
    ],
  },
};

/** Type-aware rules for every TypeScript package; each suppression in the code says why. */
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/web/src/gql/**', '.data/**', 'test-artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  architecture,
  {
    // Shared is dependency-free: its files import only each other (no library, no Node built-in),
    // so the server and the console both take it as it is.
    files: ['packages/shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'packages/shared imports nothing but its own files.' }] },
      ],
    },
  },
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read GraphQL answers as an integrator's untyped JSON.
    files: ['test/**/*.ts', 'bench/**/*.mjs', 'scripts/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain JavaScript (scripts, benchmarks): no type information, Node's globals.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
  },
);
