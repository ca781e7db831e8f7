// Builds the CLI into dist/ as ES modules with esbuild. The entry is bundled so that start-up
// reads one file; dynamic imports (shell parser, LSP, YAML, formatters) become lazy chunks.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  // The lint worker is its own entry at the same relative place as in the tsc output
  // (cli/worker-thread.js beside the CLI), so `new URL('./cli/worker-thread.js', import.meta.url)`
  // finds it in both.
  entryPoints: { volint: 'src/cli.ts', 'cli/worker-thread': 'src/cli/worker-thread.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minifySyntax: true,
  chunkNames: 'chunks/[name]-[hash]',
  // No "module" condition: vscode-languageserver-types (required by dockerfile-ast, CommonJS)
  // would resolve to its ES module build, and every `Range.create` dockerfile-ast calls would go
  // through a namespace getter (~2% of lint time on the benchmark). Its CommonJS build is used.
  conditions: [],
  // yargs and friends are CommonJS-free ESM; a require shim covers CJS dependencies such as dockerfile-ast.
  banner: { js: "import { createRequire as __volintCreateRequire } from 'node:module'; const require = __volintCreateRequire(import.meta.url);" },
  define: { VOLINT_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
