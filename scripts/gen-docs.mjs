// Generates docs/rules/<name>.md for every rule and the rules table in README.md (between
// `<!-- rules:start -->` and `<!-- rules:end -->`) from the docs that live in each rule module.
//
// `npm run docs` runs it after `npm run build`. That build bundles the CLI into dist/ and does not
// compile rules/ to build/ (only `npx tsc` does, for the tests), so this script bundles
// rules/index.ts and the renderer src/report/rule-docs.ts itself with esbuild into build/gen-docs/
// and imports that: the docs always come from the current sources. The rules meta-test calls the
// same renderer to check that the committed docs are up to date.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** The rules and the renderer, bundled from the current sources. */
async function loadSources() {
  const { build } = await import('esbuild');
  const outDir = new URL('build/gen-docs/', ROOT);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outFile = new URL('docs.mjs', outDir);
  await build({
    stdin: {
      contents: "export { rules } from './rules/index.ts';\nexport { renderRuleDoc, renderRulesTable, replaceRulesTable } from './src/report/rule-docs.ts';\n",
      resolveDir: fileURLToPath(ROOT),
      loader: 'ts',
    },
    outfile: fileURLToPath(outFile),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(outFile.href);
}

const { rules, renderRuleDoc, renderRulesTable, replaceRulesTable } = await loadSources();
const docsDir = new URL('docs/rules/', ROOT);
mkdirSync(docsDir, { recursive: true });
const wanted = new Set(rules.map((r) => `${r.name}.md`));
for (const file of readdirSync(docsDir)) {
  if (file.endsWith('.md') && !wanted.has(file)) rmSync(new URL(file, docsDir));
}
let changed = 0;
for (const rule of rules) {
  const target = new URL(`${rule.name}.md`, docsDir);
  const text = renderRuleDoc(rule);
  if (existsSync(target) && readFileSync(target, 'utf8') === text) continue;
  writeFileSync(target, text);
  changed++;
}
const readmeUrl = new URL('README.md', ROOT);
const readme = existsSync(readmeUrl) ? readFileSync(readmeUrl, 'utf8') : '';
const updated = replaceRulesTable(readme, renderRulesTable(rules));
if (updated !== readme) writeFileSync(readmeUrl, updated);
console.log(`docs: ${rules.length} rules, ${changed} page(s) written to docs/rules/, README table ${updated === readme ? 'unchanged' : 'updated'}`);
