// Regenerates docs/precision.md: every finding volint reports on the real Dockerfiles of
// ../shared/corpus (files/), each with the verdict of a review kept in docs/precision-verdicts.json,
// and the counts per rule. Fails (exit 1) when a finding has no verdict; skips (exit 0), saying so,
// when the corpus folder is absent.
//
// A verdict is keyed by the corpus file, the rule, the line and the source text under the finding
// (the VOLUME item, the RUN word): a finding whose message is reworded keeps its verdict, a finding
// that moves or reports something else needs a new one.
//
// Usage: npm run precision            (builds, then runs this script)
//        node scripts/precision.mjs --prune   (also drops verdicts of findings that are gone)
// The corpus is looked for in $VOLINT_CORPUS, ../shared/corpus and ../../shared/corpus.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERDICTS = join(ROOT, 'docs', 'precision-verdicts.json');
const OUTPUT = join(ROOT, 'docs', 'precision.md');
const VERDICT_NAMES = ['real', 'wrong', 'not worth it'];

const candidates = [process.env.VOLINT_CORPUS, join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')].filter(Boolean);
const corpus = candidates.find((dir) => existsSync(join(dir, 'files')));
if (!corpus) {
  console.log(`precision: skipped, no corpus folder (looked in ${candidates.join(', ')})`);
  process.exit(0);
}

const files = join(corpus, 'files');
const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'volint.js'), files, '--no-config', '--format', 'json'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (run.status === 2 || !run.stdout) {
  console.error(`precision: volint failed (exit ${run.status}): ${run.stderr.trim()}`);
  process.exit(2);
}
const report = JSON.parse(run.stdout);

/** name → repository and path, from the corpus manifest. */
const manifest = new Map();
const manifestPath = join(corpus, 'manifest.tsv');
if (existsSync(manifestPath)) {
  for (const line of readFileSync(manifestPath, 'utf8').split('\n')) {
    const [name, repo, path] = line.split('\t');
    if (name) manifest.set(name, { repo, path });
  }
}

/** The source text under a finding's range, on its first line (the key's stable part). */
function subject(text, finding) {
  const lines = text.split(/\r\n|\r|\n/);
  const first = lines[finding.line - 1] ?? '';
  const end = finding.endLine === finding.line ? finding.endColumn - 1 : first.length;
  return first.slice(finding.column - 1, end).trim().slice(0, 80);
}

const findings = [];
for (const file of report.files) {
  if (file.error) {
    console.error(`precision: ${file.path}: ${file.error}`);
    continue;
  }
  if (file.findings.length === 0) continue;
  const name = file.path.split('/').pop();
  const text = readFileSync(join(files, name), 'utf8');
  for (const f of file.findings) {
    if (f.suppressed) continue;
    findings.push({ file: name, rule: f.ruleId, line: f.line, subject: subject(text, f), confidence: f.confidence, severity: f.severity, message: f.message });
  }
}

const keyOf = (v) => `${v.file}\u0000${v.rule}\u0000${v.line}\u0000${v.subject}`;
const verdicts = existsSync(VERDICTS) ? JSON.parse(readFileSync(VERDICTS, 'utf8')) : [];
const byKey = new Map(verdicts.map((v) => [keyOf(v), v]));
for (const v of verdicts) {
  if (!VERDICT_NAMES.includes(v.verdict)) {
    console.error(`precision: ${v.file}:${v.line} ${v.rule}: verdict "${v.verdict}" is not one of ${VERDICT_NAMES.join(', ')}`);
    process.exit(1);
  }
}

const missing = findings.filter((f) => !byKey.has(keyOf(f)));
const current = new Set(findings.map(keyOf));
const stale = verdicts.filter((v) => !current.has(keyOf(v)));
if (process.argv.includes('--prune') && stale.length > 0) {
  writeFileSync(VERDICTS, JSON.stringify(verdicts.filter((v) => current.has(keyOf(v))), null, 2) + '\n');
  console.log(`precision: dropped ${stale.length} verdicts of findings that are gone`);
} else if (stale.length > 0) {
  console.log(`precision: ${stale.length} verdicts match no finding (run with --prune to drop them)`);
}
if (missing.length > 0) {
  console.error(`precision: ${missing.length} findings have no verdict in docs/precision-verdicts.json; add one for each:`);
  for (const f of missing) {
    console.error(JSON.stringify({ file: f.file, rule: f.rule, line: f.line, subject: f.subject, verdict: '', reason: '', message: f.message }));
  }
  process.exit(1);
}

// The document.
const rules = [...new Set(findings.map((f) => f.rule))].sort();
const count = (list, verdict) => list.filter((f) => byKey.get(keyOf(f)).verdict === verdict).length;
const pct = (n, d) => (d === 0 ? '–' : `${Math.round((1000 * n) / d) / 10}%`);
const out = [];
out.push('# Precision on real Dockerfiles');
out.push('');
out.push('<!-- Generated by `npm run precision` from docs/precision-verdicts.json; edit the verdicts, not this file. -->');
out.push('');
out.push(
  `Every finding volint reports on the ${report.files.length} Dockerfiles of \`../shared/corpus/files\` (real files from public repositories; see that folder's README), with default settings (\`--no-config\`, builder \`any\`, every confidence), and the verdict of a review that reads each Dockerfile as its maintainer would: **real** (a problem the maintainer would act on), **wrong** (the finding is not true of this image) or **not worth it** (true, but not worth the maintainer's time).`,
);
out.push('');
out.push('Regenerate with `npm run precision` (it builds first; CI runs it after `npm test`). It fails when a finding has no verdict and prints the missing ones as JSON lines to add to `docs/precision-verdicts.json`; a verdict is keyed by file, rule, line and the source text under the finding, so a reworded message keeps its verdict. Where the corpus folder is absent it skips, saying so.');
out.push('');
out.push('## Counts');
out.push('');
out.push('| rule | findings | real | wrong | not worth it | certain | likely | possible |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const rule of rules) {
  const list = findings.filter((f) => f.rule === rule);
  const by = (c) => list.filter((f) => f.confidence === c).length;
  out.push(`| ${rule} | ${list.length} | ${count(list, 'real')} | ${count(list, 'wrong')} | ${count(list, 'not worth it')} | ${by('certain')} | ${by('likely')} | ${by('possible')} |`);
}
const real = count(findings, 'real');
out.push(`| **all** | **${findings.length}** | **${real}** (${pct(real, findings.length)}) | **${count(findings, 'wrong')}** | **${count(findings, 'not worth it')}** | ${findings.filter((f) => f.confidence === 'certain').length} | ${findings.filter((f) => f.confidence === 'likely').length} | ${findings.filter((f) => f.confidence === 'possible').length} |`);
out.push('');
const likelyUp = findings.filter((f) => f.confidence !== 'possible');
out.push(`With \`--min-confidence likely\`: ${likelyUp.length} findings, ${count(likelyUp, 'real')} real (${pct(count(likelyUp, 'real'), likelyUp.length)}).`);
out.push('');
out.push('The history below (docs/precision-history.md) has the numbers before this review.');
out.push('');
out.push('## Findings');
for (const rule of rules) {
  out.push('');
  out.push(`### ${rule}`);
  out.push('');
  out.push('| file | line | confidence | finding | verdict | reason |');
  out.push('|---|---:|---|---|---|---|');
  for (const f of findings.filter((x) => x.rule === rule)) {
    const v = byKey.get(keyOf(f));
    const source = manifest.get(f.file);
    const where = source ? `${source.repo} \`${source.path}\`` : `\`${f.file}\``;
    const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
    out.push(`| ${cell(where)} | ${f.line} | ${f.confidence} | ${cell(f.message)} | **${v.verdict}** | ${cell(v.reason)} |`);
  }
}
// A hand-written section about earlier measurements, kept in its own file.
const history = join(ROOT, 'docs', 'precision-history.md');
if (existsSync(history)) out.push('', readFileSync(history, 'utf8').trimEnd());
writeFileSync(OUTPUT, out.join('\n') + '\n');
console.log(`precision: ${findings.length} findings, ${real} real (${pct(real, findings.length)}), ${count(findings, 'wrong')} wrong, ${count(findings, 'not worth it')} not worth it; docs/precision.md written`);
