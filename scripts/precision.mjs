// Regenerates docs/precision.md: every finding volint reports on the real Dockerfiles of
// ../shared/corpus (files/) and on its compose files (compose/: every .yml/.yaml named on the
// command line, as a user lints a compose file; only the findings on the compose files themselves,
// the Dockerfiles there being copies of files/), each with the verdict of a review kept in
// docs/precision-verdicts.json, and the counts per rule. Fails (exit 1) when a finding has no
// verdict; skips (exit 0), saying so, when the corpus folder is absent.
//
// A verdict is keyed by the corpus file (a compose file as `compose/<path under compose/>`), the
// rule, the line and the source text under the finding (the VOLUME item, the RUN word, the compose
// entry or service key): a finding whose message is reworded keeps its verdict, a finding that moves
// or reports something else needs a new one.
//
// Usage: npm run precision            (builds, then runs this script)
//        node scripts/precision.mjs --prune   (also drops verdicts of findings that are gone)
// The corpus is looked for in $VOLINT_CORPUS, ../shared/corpus and ../../shared/corpus.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERDICTS = join(ROOT, 'docs', 'precision-verdicts.json');
const OUTPUT = join(ROOT, 'docs', 'precision.md');
// `corpus artifact`: true of the corpus copy but not of the repository, because the copy lacks a file
// the project has (a Dockerfile, a directory kept with .gitkeep); counted apart, not in the precision.
const VERDICT_NAMES = ['real', 'wrong', 'not worth it', 'corpus artifact'];

const candidates = [process.env.VOLINT_CORPUS, join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')].filter(Boolean);
const corpus = candidates.find((dir) => existsSync(join(dir, 'files')));
if (!corpus) {
  console.log(`precision: skipped, no corpus folder (looked in ${candidates.join(', ')})`);
  process.exit(0);
}

const files = join(corpus, 'files');
function lint(args, cwd = ROOT) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'volint.js'), ...args, '--no-config', '--format', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status === 2 || !run.stdout) {
    console.error(`precision: volint failed (exit ${run.status}): ${run.stderr.trim()}`);
    process.exit(2);
  }
  return JSON.parse(run.stdout);
}
const report = lint([files]);

/** Every compose file of the corpus (.yml/.yaml under compose/), sorted. */
function composeFiles(dir) {
  const found = [];
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...composeFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}
const composeDir = join(corpus, 'compose');
const composeList = composeFiles(composeDir);
// Run from the compose folder with relative names, so that messages name the files as the project does.
const composeReport = composeList.length > 0 ? lint(composeList.map((f) => relative(composeDir, f)), composeDir) : { files: [] };

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
    findings.push({ part: 'dockerfile', file: name, rule: f.ruleId, line: f.line, subject: subject(text, f), confidence: f.confidence, severity: f.severity, message: f.message });
  }
}
// Compose findings: on the compose files themselves (a finding's file is the compose file or its override).
const texts = new Map();
for (const file of composeReport.files) {
  if (file.error) {
    console.error(`precision: ${file.path}: ${file.error}`);
    continue;
  }
  for (const f of file.findings) {
    if (f.suppressed) continue;
    const absolute = resolve(composeDir, file.path);
    if (!/\.ya?ml$/.test(absolute)) continue;
    if (!texts.has(absolute)) texts.set(absolute, readFileSync(absolute, 'utf8'));
    const name = `compose/${relative(composeDir, absolute).split(sep).join('/')}`;
    findings.push({ part: 'compose', file: name, rule: f.ruleId, line: f.line, subject: subject(texts.get(absolute), f), confidence: f.confidence, severity: f.severity, message: f.message });
  }
}
// A compose file named twice (a project and its override) reports the same finding once.
{
  const seen = new Set();
  for (let i = findings.length - 1; i >= 0; i--) {
    const k = `${findings[i].file}\u0000${findings[i].rule}\u0000${findings[i].line}\u0000${findings[i].subject}\u0000${findings[i].message}`;
    if (seen.has(k)) findings.splice(i, 1);
    else seen.add(k);
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
const count = (list, verdict) => list.filter((f) => byKey.get(keyOf(f)).verdict === verdict).length;
const pct = (n, d) => (d === 0 ? '–' : `${Math.round((1000 * n) / d) / 10}%`);
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const out = [];
/** The counts per rule and every finding with its verdict, for one part of the corpus. */
function part(list, heading, where) {
  const rules = [...new Set(list.map((f) => f.rule))].sort();
  out.push(`${heading} Counts`);
  out.push('');
  const artifacts = count(list, 'corpus artifact') > 0;
  out.push(`| rule | findings | real | wrong | not worth it |${artifacts ? ' corpus artifact |' : ''} certain | likely | possible |`);
  out.push(`|---|---:|---:|---:|---:|${artifacts ? '---:|' : ''}---:|---:|---:|`);
  const artifactCell = (l) => (artifacts ? ` ${count(l, 'corpus artifact')} |` : '');
  for (const rule of rules) {
    const ofRule = list.filter((f) => f.rule === rule);
    const by = (c) => ofRule.filter((f) => f.confidence === c).length;
    out.push(`| ${rule} | ${ofRule.length} | ${count(ofRule, 'real')} | ${count(ofRule, 'wrong')} | ${count(ofRule, 'not worth it')} |${artifactCell(ofRule)} ${by('certain')} | ${by('likely')} | ${by('possible')} |`);
  }
  const judged = list.filter((f) => byKey.get(keyOf(f)).verdict !== 'corpus artifact');
  const real = count(list, 'real');
  out.push(`| **all** | **${list.length}** | **${real}** (${pct(real, judged.length)}) | **${count(list, 'wrong')}** | **${count(list, 'not worth it')}** |${artifactCell(list)} ${list.filter((f) => f.confidence === 'certain').length} | ${list.filter((f) => f.confidence === 'likely').length} | ${list.filter((f) => f.confidence === 'possible').length} |`);
  out.push('');
  if (artifacts) {
    out.push(`The percentage of real findings leaves out the ${count(list, 'corpus artifact')} corpus artifacts: findings true of the corpus copy but not of the repository, because the copy lacks files the project has (a Dockerfile, a directory kept with a .gitkeep); over all ${list.length} findings it is ${pct(real, list.length)}.`);
    out.push('');
  }
  // The share of real findings among those that remain at that confidence, judged as the headline is
  // (corpus artifacts left out).
  const likelyUp = list.filter((f) => f.confidence !== 'possible');
  const likelyJudged = likelyUp.filter((f) => byKey.get(keyOf(f)).verdict !== 'corpus artifact');
  const likelyArtifacts = likelyUp.length - likelyJudged.length;
  out.push(
    `With \`--min-confidence likely\`: ${likelyUp.length} findings remain, ${count(likelyUp, 'real')} real (${pct(count(likelyUp, 'real'), likelyJudged.length)} of the ${likelyJudged.length} remaining${likelyArtifacts > 0 ? ` without the ${likelyArtifacts} corpus artifacts` : ''}).`,
  );
  out.push('');
  out.push(`${heading} Findings`);
  for (const rule of rules) {
    out.push('');
    out.push(`${heading}# ${rule}`);
    out.push('');
    out.push('| file | line | confidence | finding | verdict | reason |');
    out.push('|---|---:|---|---|---|---|');
    for (const f of list.filter((x) => x.rule === rule)) {
      const v = byKey.get(keyOf(f));
      out.push(`| ${cell(where(f))} | ${f.line} | ${f.confidence} | ${cell(f.message)} | **${v.verdict}** | ${cell(v.reason)} |`);
    }
  }
}
const summary = (list) => {
  const artifacts = count(list, 'corpus artifact');
  const judged = list.length - artifacts;
  return `${list.length} findings, ${count(list, 'real')} real (${pct(count(list, 'real'), judged)}), ${count(list, 'wrong')} wrong, ${count(list, 'not worth it')} not worth it${artifacts > 0 ? `, ${artifacts} corpus artifacts` : ''}`;
};
const dockerfileFindings = findings.filter((f) => f.part === 'dockerfile');
const composeFindings = findings.filter((f) => f.part === 'compose');
out.push('# Precision on real Dockerfiles and compose files');
out.push('');
out.push('<!-- Generated by `npm run precision` from docs/precision-verdicts.json; edit the verdicts, not this file. -->');
out.push('');
out.push(
  `Every finding volint reports on the ${report.files.length} Dockerfiles of \`../shared/corpus/files\` and on the ${composeList.length} compose files of \`../shared/corpus/compose\` (real files from public repositories; see that folder's README), with default settings (\`--no-config\`, builder \`any\`, every confidence), and the verdict of a review that reads each file as its maintainer would: **real** (a problem the maintainer would act on), **wrong** (the finding is not true of this image or project) or **not worth it** (true, but not worth the maintainer's time).`,
);
out.push('');
out.push('A fourth verdict, **corpus artifact**, marks a finding that is true of the corpus copy but not of the repository, because the copy lacks files the project has (the corpus keeps compose files, `.env`, Dockerfiles and a few manifests, not the directories beside them); those are counted apart.');
out.push('');
out.push('Regenerate with `npm run precision` (it builds first; CI runs it after `npm test`). It fails when a finding has no verdict and prints the missing ones as JSON lines to add to `docs/precision-verdicts.json`; a verdict is keyed by file, rule, line and the source text under the finding, so a reworded message keeps its verdict. Where the corpus folder is absent it skips, saying so.');
out.push('');
out.push('## Dockerfiles');
out.push('');
part(dockerfileFindings, '###', (f) => {
  const source = manifest.get(f.file);
  return source ? `${source.repo} \`${source.path}\`` : `\`${f.file}\``;
});
out.push('');
out.push('## Compose files');
out.push('');
out.push(
  `Each compose file is named on the command line (\`volint <file> --no-config\`), so the ${composeList.length - composeReport.files.filter((f) => /(^|\/)(docker-)?compose\.ya?ml$/.test(f.path)).length} files with other names (\`docker-compose.oss.yml\`, \`docker-compose.test.yml\` …) are read too; their override files (\`compose.override.yaml\` beside them) are merged, and the Dockerfiles their services build are modelled. Listed are the findings on the compose files, of the compose rules (VOL020–VOL026) and \`volint-compose-error\` (the file's own mistakes); the Dockerfiles in that folder are copies of files/ and are reviewed above.`,
);
out.push('');
const ruleFindings = composeFindings.filter((f) => f.rule.startsWith('VOL'));
out.push(`The compose rules alone (VOL020–VOL026, without the file errors): ${summary(ruleFindings)}.`);
out.push('');
part(composeFindings, '###', (f) => `\`${f.file.replace(/^compose\//, '').replace('+', '/')}\``);
out.push('');
out.push('The history below (docs/precision-history.md) has the numbers before this review.');
out.push('');
// A hand-written section about earlier measurements, kept in its own file.
const history = join(ROOT, 'docs', 'precision-history.md');
if (existsSync(history)) out.push('', readFileSync(history, 'utf8').trimEnd());
writeFileSync(OUTPUT, out.join('\n') + '\n');

console.log(`precision: Dockerfiles ${summary(dockerfileFindings)}; compose files ${summary(composeFindings)}; docs/precision.md written`);
