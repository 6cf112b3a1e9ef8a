// ESLint's flat config: typescript-eslint and eslint-plugin-svelte's recommended rules, Prettier owning the
// formatting (eslint-config-prettier turns the rules it would fight off), and the import boundaries between
// the runtimes (README's Layout table). Cycles between core's folders are checked by tests/core/folder-cycles.test.ts.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** A no-restricted-imports rule forbidding imports into these top-level folders (and these packages), naming the boundary. */
function forbid(folders, packages, why) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: [...folders.map((f) => `**/${f}/**`), ...packages], message: why }] },
    ],
  };
}

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'test-artifacts/', 'core/kernels/*-wasm.ts', 'cli/.*.bundle.mjs']),
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs['flat/recommended'],
  prettier,
  svelte.configs['flat/prettier'],
  {
    // A disable comment that no longer silences anything is an error, so exceptions go when their cause does.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // State holds Sets that are replaced whole ($state.raw) or built inside a $derived, never mutated in place.
      'svelte/prefer-svelte-reactivity': 'off',
      // `{'\n'}` in a <pre> is the way to write a newline there.
      'svelte/no-useless-mustaches': ['error', { ignoreStringEscape: true }],
      // `_`-prefixed names are deliberately unused (a callback's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // A stand-in for Electron's own typings, which use `any` in these signatures.
    files: ['src-main/types/*.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },

  // Import boundaries. core/ runs anywhere (Node, browser, worker): it imports only itself.
  {
    files: ['core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^[^.]',
              message: 'core/ imports nothing outside core/ (no Node, DOM, Electron, Svelte or npm packages).',
            },
            {
              group: ['**/cli/**', '**/src-*/**', '**/tests/**', '**/bench/**', '**/scripts/**', '**/bin/**'],
              message: 'core/ imports nothing outside core/.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'location'],
    },
  },
  {
    files: ['src-common/**'],
    rules: {
      ...forbid(
        ['src-main', 'src-renderer', 'cli'],
        ['electron'],
        'src-common/ is shared by main and the renderer: it imports neither (nor Electron).',
      ),
    },
  },
  {
    files: ['src-main/**'],
    rules: {
      ...forbid(['src-renderer', 'cli'], [], 'Main shares with the renderer only through src-common/.'),
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      ...forbid(
        ['src-main', 'cli'],
        ['electron'],
        'The renderer reaches main only through src-common/ (the IPC contract) and the preload.',
      ),
    },
  },
  {
    files: ['cli/**'],
    rules: {
      ...forbid(['src-renderer'], [], 'cli/ is Node only: what it shares with the app lives in core/ or src-common/.'),
    },
  },
);
