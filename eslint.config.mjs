// ESLint: rules that find real bugs (promises nobody awaits, async callbacks where a void one
// is expected, switches that miss a case, hooks called conditionally) and the process layering
// DESIGN.md promises (engine ↛ app/Electron/IPC/renderer, renderer ↛ main, shared ↛ anything of
// ours). Type-aware: the TypeScript projects in tsconfig*.json are the source of types.

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** A layer rule: imports whose specifier matches `regex` are refused, with the reason. */
const refuse = (regex, message) => ({ regex, message });

const nodeBuiltins = refuse('^node:', 'The renderer runs in a sandboxed page: no Node modules (ask main through window.uploader).');
const electron = (who) => refuse('^electron(/.*)?$', `${who} runs in plain Node (tests, CLI): Electron stays in main/electron and main/index.ts.`);

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'bench/.work/**', 'bench/results/**', '**/*.mjs', '**/*.js', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // scripts/*.ts are build helpers outside the typechecked projects: linted with default options.
        // The preview fake is the exception: scripts/tsconfig.json typechecks it against the contract.
        projectService: { allowDefaultProject: ['scripts/preview-renderer.config.ts', 'scripts/watch-*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Bugs: a promise nobody awaits loses its rejection (an unhandled rejection ends the app).
      '@typescript-eslint/no-floating-promises': 'error',
      // Bugs: an async function where a void callback is expected (event handlers, forEach).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Bugs: a switch over a union that forgets a member compiles silently without this.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import('undici').Dispatcher` in a type position is fine; a value import used only as a type is not.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Control characters in a regex are the point here: names, URLs and text are checked for them.
      'no-control-regex': 'off',
      // TypeScript checks these itself (and better): undefined names, redeclared overloads.
      'no-undef': 'off',
      'no-redeclare': 'off',
      // Empty catch blocks are deliberate here ("a failed cleanup is not an error"), each with a comment.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // --- the layers ---------------------------------------------------------------------------
  {
    files: ['main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electron('The engine'),
            refuse(
              '(^|/)(app-core|electron|ipc|sandbox|cli|renderer|preload)(/|$)',
              'The engine is the bottom layer: it imports only main/engine and shared/ (the app, the CLI and the sandbox import it).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['main/sandbox/**/*.ts', 'main/cli/**/*.ts', 'main/cli.ts', 'main/app-core/**/*.ts', 'main/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron('This layer'), refuse('(^|/)(electron|renderer)(/|$)', 'Plain-Node layers never reach into the Electron glue or the renderer.')] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            refuse('^\\.\\./', 'shared/ is imported by the engine, the CLI, the app and the renderer: it imports nothing of ours but its own modules.'),
            refuse('^(?!\\./)', 'shared/ imports no packages (the renderer, the preload and the engine all bundle it).'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            refuse('^electron(/.*)?$', 'The renderer reaches main only through window.uploader (preload/contract.ts).'),
            refuse('(^|/)main(/|$)', 'The renderer takes from main nothing but the contract (preload/contract.ts) and shared/ constants.'),
            refuse('(^|/)preload/(?!contract$)', 'Of the preload, the renderer may import only the contract.'),
          ],
        },
      ],
    },
  },
  {
    files: ['preload/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [refuse('^(?!electron$|\\./contract$)', 'The preload bundles only electron and the contract (a sandboxed preload is one CommonJS file).')] }],
    },
  },
  {
    // Tests script fakes and stand-ins; these rules catch production bugs, not test style.
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter: `async ({}, use)` is its idiom.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
