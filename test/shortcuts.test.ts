/**
 * The linter's shortcuts (lintFindings in src/engine/linter.ts: a file that cannot have a volume
 * gets no model and no rule) change how much work is done, never what is found: over every
 * fixture, example and, when present, every real Dockerfile of ../shared/corpus, the JSON output
 * with the shortcuts is byte for byte the output of the full analysis (lintText), under every
 * builder setting, with and without --report-unused-ignores, and with each fixture's own options.
 * The same holds on the evaluation's other real Dockerfiles (`eval/dockerfiles` beside the project
 * or a parent folder, read in place) when they are there.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Runner } from '../src/cli/run.js';
import { lintFindings, lintText, withoutShortcuts, type LintSettings } from '../src/engine/linter.js';
import { mayHaveVolumes, textMayHaveVolumes } from '../src/model/build.js';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { parseDockerfile } from '../src/parse/parse.js';
import { formatJson } from '../src/report/json.js';
import type { FileReport } from '../src/report/types.js';
import type { BuilderSetting } from '../src/model/types.js';
import { rules } from '../rules/index.js';
import { REPO } from './helpers/cli.js';
import { sharedCorpusFiles } from './helpers/shared-corpus.js';
import { parseFixture } from './fixture-cases.js';

function dockerfilesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...dockerfilesBelow(full));
    else if (entry.isFile() && /Dockerfile|Containerfile|\.dockerfile$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

async function settingsFor(file: string, builder: BuilderSetting, target: string | undefined, reportUnusedIgnores: boolean): Promise<LintSettings> {
  const runner = new Runner({
    cwd: REPO,
    rules,
    config: false,
    builder,
    ...(target ? { target } : {}),
    ruleOverrides: new Map(),
    imageConfigs: [],
    reportUnusedIgnores,
  });
  await runner.init();
  return (await runner.settingsFor(file)).settings;
}

const CONTEXT = { cwd: REPO, version: 'test', rules, color: false, explain: true, docsBase: 'https://example.invalid/' };

/** The JSON report of one file's findings. */
function json(file: string, text: string, findings: FileReport['findings']): string {
  return formatJson([{ path: relative(REPO, file), absolutePath: file, text, findings }], CONTEXT);
}

/** The evaluation's real Dockerfiles (`eval/dockerfiles` beside the project or a parent folder), or null. */
function evalDockerfiles(): string[] | null {
  for (let dir = REPO; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'eval', 'dockerfiles');
    if (existsSync(candidate)) return dockerfilesBelow(candidate);
  }
  return null;
}

interface Tally {
  files: number;
  skipped: number;
  /** Files the text check alone rules out (not parsed). */
  notParsed: number;
  withFindings: number;
}

/** Lints each file with and without the shortcuts (and with lintText) and requires the same bytes. */
async function compare(files: readonly string[], variants: ReadonlyArray<{ builder: BuilderSetting; reportUnusedIgnores: boolean; ownOptions?: boolean }>): Promise<Tally> {
  const tally: Tally = { files: 0, skipped: 0, notParsed: 0, withFindings: 0 };
  const catalog = new BaseImageCatalog([[], [], loadDefaultCatalogEntries()]);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    tally.files++;
    const may = mayHaveVolumes(parseDockerfile(text), catalog);
    if (!may) tally.skipped++;
    if (!textMayHaveVolumes(text, catalog)) {
      tally.notParsed++;
      assert.equal(may, false, `${file}: the text check rules out volumes the parse finds`);
    }
    for (const variant of variants) {
      let builder = variant.builder;
      let target: string | undefined;
      if (variant.ownOptions) {
        try {
          const options = parseFixture(text).options;
          builder = options.builder ?? builder;
          target = options.target;
        } catch {
          // Not a fixture with expectations (an example): the variant's own settings.
        }
      }
      const settings = await settingsFor(file, builder, target, variant.reportUnusedIgnores);
      const fast = json(file, text, await lintFindings(text, file, settings));
      const full = json(file, text, await withoutShortcuts(() => lintFindings(text, file, settings)));
      const reference = json(file, text, (await lintText(text, file, settings)).findings);
      assert.equal(full, reference, `${file}: lintFindings without shortcuts differs from lintText`);
      assert.equal(fast, full, `${file} (${builder}${target ? `, target ${target}` : ''}${variant.reportUnusedIgnores ? ', --report-unused-ignores' : ''}): the shortcuts change the output`);
      if (fast.includes('"ruleId"')) tally.withFindings++;
    }
  }
  return tally;
}

describe('linter shortcuts', () => {
  it('give the full analysis\'s JSON output on every fixture and example, under every builder', async function () {
    this.timeout(300000);
    const files = [...dockerfilesBelow(join(REPO, 'fixtures')), ...dockerfilesBelow(join(REPO, 'examples'))];
    const builders: BuilderSetting[] = ['any', 'legacy', 'buildkit', 'buildah', 'buildah-compat', 'kaniko'];
    const tally = await compare(files, [
      { builder: 'any', reportUnusedIgnores: false, ownOptions: true },
      ...builders.map((builder) => ({ builder, reportUnusedIgnores: true })),
    ]);
    assert.ok(tally.files > 200, `${tally.files} files`);
    // Both paths are taken: files that cannot have a volume, and files with findings.
    assert.ok(tally.skipped > 5 && tally.notParsed > 5 && tally.withFindings > 100, JSON.stringify(tally));
  });

  it('give the full analysis\'s JSON output on the real Dockerfiles of ../shared/corpus, when present', async function () {
    this.timeout(600000);
    const files = sharedCorpusFiles();
    if (!files) {
      console.log('    (../shared/corpus is not present: its files were not compared)');
      return;
    }
    const tally = await compare(files, [
      { builder: 'any', reportUnusedIgnores: true },
      { builder: 'legacy', reportUnusedIgnores: false },
    ]);
    // Most real files cannot have a volume (most are not even parsed); the rest are linted in full.
    assert.ok(tally.skipped > files.length / 2 && tally.notParsed > files.length / 3 && tally.withFindings > 50, JSON.stringify(tally));
  });

  it('give the full analysis\'s JSON output on the evaluation\'s other real Dockerfiles, when present', async function () {
    this.timeout(600000);
    const files = evalDockerfiles();
    if (!files) {
      console.log('    (eval/dockerfiles is not present: its files were not compared)');
      return;
    }
    const tally = await compare(files, [{ builder: 'any', reportUnusedIgnores: true }]);
    assert.ok(tally.skipped > files.length / 2 && tally.notParsed > files.length / 3 && tally.withFindings > 10, JSON.stringify(tally));
  });

  it('skip only what cannot have a volume', () => {
    const catalog = new BaseImageCatalog([[], [], loadDefaultCatalogEntries()]);
    const may = (text: string): boolean => mayHaveVolumes(parseDockerfile(text), catalog);
    assert.equal(may('FROM alpine\nRUN touch /data/x\n'), false);
    assert.equal(may('FROM alpine\nRUN echo VOLUME /x\nLABEL a="VOLUME /y"\n'), false);
    assert.equal(may('FROM alpine\nVOLUME /data\n'), true);
    assert.equal(may('FROM alpine\nvolume /data\n'), true);
    assert.equal(may('FROM alpine\nVOL\\\nUME /data\n'), true);
    assert.equal(may('VOLUME /data\nFROM alpine\n'), true);
    assert.equal(may('FROM alpine\nONBUILD VOLUME /data\n'), true);
    assert.equal(may('FROM alpine\nONBUILD RUN touch /x\n'), true);
    // A base image with volumes in the catalogue, directly, through a stage, or through a global ARG.
    assert.equal(may('FROM postgres:17\nRUN touch /var/lib/postgresql/data/x\n'), true);
    assert.equal(may('FROM postgres:17 AS db\nFROM alpine\nFROM db\n'), true);
    assert.equal(may('ARG BASE=postgres:17\nFROM $BASE\n'), true);
    assert.equal(may('ARG BASE\nFROM $BASE\n'), false);
  });

  describe('the text check before the parse', () => {
    const catalog = new BaseImageCatalog([[], [], loadDefaultCatalogEntries()]);
    /** The text check's answer, held to be a necessary condition of mayHaveVolumes. */
    const may = (text: string): boolean => {
      const byText = textMayHaveVolumes(text, catalog);
      if (!byText) assert.equal(mayHaveVolumes(parseDockerfile(text), catalog), false, `the parse finds volumes in ${JSON.stringify(text)}`);
      return byText;
    };

    it('rules out files without a volume keyword or a base image with volumes', () => {
      assert.equal(may('FROM alpine\nRUN touch /data/x\n'), false);
      assert.equal(may('FROM alpine:3.20 AS build\nRUN make\nFROM build\nCOPY --from=build /app /app\n'), false);
      // Names of images with volumes outside a FROM line (a RUN, a path, a label) decide nothing.
      assert.equal(may('FROM debian\nRUN apt-get install -y postgresql-client redis-tools docker.io\nCOPY docker-entrypoint.sh /\n'), false);
      // CRLF line ends.
      assert.equal(may('FROM alpine\r\nRUN touch /data/x\r\n'), false);
      assert.equal(may(''), false);
    });

    it('falls back on a volume keyword in any case, VOLUME or ONBUILD (ONBUILD VOLUME)', () => {
      assert.equal(may('FROM alpine\nVOLUME /data\n'), true);
      assert.equal(may('FROM alpine\nvolume /data\n'), true);
      assert.equal(may('FROM alpine\nONBUILD VOLUME /data\n'), true);
      assert.equal(may('FROM alpine\nonbuild RUN touch /x\n'), true);
      assert.equal(may('VOLUME /data\nFROM alpine\n'), true);
      assert.equal(may('FROM alpine\n  \tVolume /data\n'), true);
      assert.equal(may('\ufeffVOLUME /data\nFROM alpine\n'), true);
      assert.equal(may('FROM alpine\r\nVOLUME /data\r\n'), true);
      // Only inside a line (a comment, an echo, a flag): no instruction of the kind.
      assert.equal(may('FROM alpine\n# no volume here\nRUN docker volume ls --volume x\n'), false);
      // A line of a RUN that starts with the word: the parse decides.
      assert.equal(may('FROM alpine\nRUN echo \\\n  volume\n'), true);
    });

    it('falls back on a keyword a line continuation may split, with \\ or the backtick of an escape directive, LF or CRLF', () => {
      assert.equal(may('FROM alpine\nVOL\\\nUME /data\n'), true);
      assert.equal(may('FROM alpine\nVOL\\  \nUME /data\n'), true);
      assert.equal(may('FROM alpine\r\nVOL\\\r\nUME /data\r\n'), true);
      assert.equal(may('FROM alpine\nON\\\n# between\nBUILD VOLUME /data\n'), true);
      assert.equal(may('# escape=`\nFROM alpine\nVOL`\nUME C:\\data\n'), true);
      assert.equal(may('# escape=`\r\nFROM alpine\r\nVOL`\r\nUME C:\\data\r\n'), true);
      // A continuation after a space cannot join letters into a keyword.
      assert.equal(may('FROM alpine\nRUN apk add curl \\\n  && touch /x\n'), false);
    });

    it('falls back on letters that upper-case into a keyword\'s ASCII letters', () => {
      assert.equal(may('FROM alpine\nONBU\u0131LD VOLUME /data\n'), true);
      assert.equal(may('FROM alpine\nRUN echo \ufb01\n'), true);
    });

    it('falls back on a FROM line naming an image with volumes, or whose image comes from a variable, an escape or a quote', () => {
      assert.equal(may('FROM postgres:17\nRUN touch /var/lib/postgresql/data/x\n'), true);
      assert.equal(may('from docker.io/library/postgres:17\n'), true);
      assert.equal(may('  FROM --platform=linux/amd64 redis AS cache\nFROM cache\n'), true);
      assert.equal(may('\ufeffFROM mysql\n'), true);
      assert.equal(may('FROM alpine\r\nFROM postgres\r\n'), true);
      assert.equal(may('FROM\tpostgres@sha256:0123\n'), true);
      assert.equal(may('FROM localhost:5000/jenkins/jenkins:lts\n'), true);
      assert.equal(may('FROM registry:2\n'), true);
      assert.equal(may('FROM docker:27-dind\n'), true);
      // A name inside another repository's name, or a registry host, names no such image.
      assert.equal(may('FROM docker.io/library/debian:12\nFROM registry.access.redhat.com/ubi9/ubi-minimal\n'), false);
      assert.equal(may('FROM bats-jenkins\nFROM grokzen/redis-cluster:7\nFROM postgresql-builder AS x\n'), false);
      // The name only in an ARG's default (or in pieces of several) reaches FROM through a variable.
      assert.equal(may('ARG BASE=postgres:17\nFROM $BASE\n'), true);
      assert.equal(may('ARG A=post\nARG B=gres\nFROM ${A}${B}\n'), true);
      assert.equal(may('FROM "postgres"\n'), true);
      assert.equal(may("FROM po'st'gres\n"), true);
      assert.equal(may('FROM post\\gres\n'), true);
      assert.equal(may('FROM \\\n  postgres\n'), true);
      assert.equal(may('# escape=`\nFROM post`gres\n'), true);
    });

    it('says maybe for a catalogue that cannot list its names with volumes', () => {
      assert.equal(textMayHaveVolumes('FROM alpine\n', { lookup: () => undefined }), true);
    });

    it('counts names from image configs and the user\'s configuration', () => {
      const own = new BaseImageCatalog([[{ name: 'ghcr.io/org/app', tags: ['*'], volumes: ['/state'], source: 'config' }], [], loadDefaultCatalogEntries()]);
      assert.equal(textMayHaveVolumes('FROM ghcr.io/org/app:1\n', own), true);
      assert.equal(textMayHaveVolumes('FROM ghcr.io/org/other:1\n', own), false);
    });
  });
});
