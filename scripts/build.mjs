// Builds the CLI into dist/ with esbuild, as CommonJS bundles that src/launch.ts runs with a V8
// code cache (Node 20 caches no compiled code for ES modules; see docs/performance.md):
//
//   dist/volint.js             the CLI: lint, fix, model, the formatters, the RUN analysis
//   dist/cli/worker-thread.js  a lint worker thread: runs dist/volint.js (which lints there) through
//                              launch.js, with a code cache of its own
//   dist/lazy/*.js             parts most runs never load: the yargs command line, the language
//                              server, the YAML parser (configuration files in YAML)
//   dist/launch.js             the start-up that bin/volint.js calls, with the bundles' hashes
//
// A dynamic import of a lazy part becomes a `require` of its bundle; every other module is bundled
// where it is used. Each bundle is self-contained, so code shared by two of them is in both; none
// of them shares state with another (the lazy parts take plain values and callbacks).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The lazy parts: a dynamic import whose path ends with `match` loads dist/lazy/<name>.js. */
const LAZY = [
  { name: 'yargs-cli', entry: 'src/cli/yargs-cli.ts', match: '/cli/yargs-cli.js' },
  { name: 'server', entry: 'src/lsp/server.ts', match: '/lsp/server.js' },
  { name: 'yaml', entry: 'yaml', match: 'yaml' },
];

/**
 * Turns dynamic imports of the lazy parts into requires of their bundles, relative to `outfile`.
 * (An external `import()` would stay an import(), which a script run by vm has no loader for: the
 * import goes to a small CommonJS module that requires the bundle when first imported.)
 */
function lazyParts(outfile) {
  return {
    name: 'volint-lazy-parts',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.namespace === 'volint-lazy') return { path: args.path, external: true };
        if (args.kind !== 'dynamic-import') return undefined;
        const part = LAZY.find((p) => args.path === p.match || args.path.endsWith(p.match));
        if (!part) return undefined;
        const target = relative(dirname(outfile), join(dist, 'lazy', `${part.name}.js`)).split(sep).join('/');
        return { path: target.startsWith('.') ? target : `./${target}`, namespace: 'volint-lazy' };
      });
      b.onLoad({ filter: /.*/, namespace: 'volint-lazy' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minifySyntax: true,
  minifyWhitespace: true,
  // No "module" condition: vscode-languageserver-types (required by dockerfile-ast) would resolve
  // to its ES module build, whose namespace getters cost ~2% of lint time on every Range.create.
  conditions: [],
  // import.meta.url (used to find the worker, the WebAssembly, the built code for cache keys)
  // is the bundle's own file URL, made when first read: most runs never read it, and making it
  // at every start cost about 0.1 ms.
  define: { VOLINT_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__volintImportMeta.url' },
  banner: {
    js: "const __volintImportMeta = { get url() { const url = require('node:url').pathToFileURL(__filename).href; Object.defineProperty(this, 'url', { value: url }); return url; } };",
  },
  logLevel: 'warning',
};

function bundle(entry, outfile) {
  return build({ ...common, entryPoints: [entry.startsWith('src/') ? join(root, entry) : entry], outfile, plugins: [lazyParts(outfile)] });
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// .js under dist/ is CommonJS whatever the package's "type" says.
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');

await Promise.all([
  bundle('src/cli.ts', join(dist, 'volint.js')),
  ...LAZY.map((p) => bundle(p.entry.startsWith('src/') ? p.entry : fileURLToPath(import.meta.resolve(p.entry)), join(dist, 'lazy', `${p.name}.js`))),
]);

// A worker thread runs the CLI's bundle (src/cli.ts sees that it is a worker), with a code cache
// of its own: one bundle to compile and cache, not two.
mkdirSync(join(dist, 'cli'), { recursive: true });
writeFileSync(
  join(dist, 'cli', 'worker-thread.js'),
  "'use strict';\nrequire('../launch.js').launchWorker(require('node:path').join(__dirname, '..', 'volint.js'));\n",
);

// launch.js reads the bundles as latin1 (no UTF-8 decoding): they must be ASCII, as esbuild
// writes by default.
function* jsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith('.js')) yield path;
  }
}
for (const file of jsFiles(dist)) {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) throw new Error(`build: ${relative(root, file)} is not ASCII (byte ${at})`);
}

const hashes = {};
for (const name of ['volint.js']) {
  hashes[name] = createHash('sha256').update(readFileSync(join(dist, name))).digest('hex').slice(0, 20);
}
await build({
  ...common,
  entryPoints: [join(root, 'src/launch.ts')],
  outfile: join(dist, 'launch.js'),
  sourcemap: false,
  banner: {},
  define: { VOLINT_BUNDLE_HASHES: JSON.stringify(hashes) },
});
