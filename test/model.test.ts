/**
 * Unit tests of the volume model (src/model/build.ts, expand.ts): stages, variables, WORKDIR,
 * USER, volumes and the effects of COPY/ADD/WORKDIR/RUN. RUN analysis is the real module's job
 * (src/model/shell/); here a small recording analyzer stands in for it, so that these tests pin
 * what the model does with the analysis (working directory, --mount exclusions, heredocs, exec
 * form), not the shell parser.
 */
import assert from 'node:assert/strict';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { buildModel, type ModelOptions } from '../src/model/build.js';
import { expandWord, type Lookup, type VarValue } from '../src/model/expand.js';
import type { ShellAnalyzer, ShellContext, ShellEffect } from '../src/model/shell-types.js';
import { TargetClassifier } from '../src/model/targets.js';
import type { FileModel, PathEffect, Stage, VolumeItem } from '../src/model/types.js';
import { parseDockerfile } from '../src/parse/parse.js';
import { normalizePath, resolvePath } from '../src/model/paths.js';
import { chainRoot, EVIDENCE_CHAIN_STAGES, stageChain } from '../src/model/query.js';

/**
 * Understands `mkdir [-p] P`, `touch P`, `chown [-R] U P` separated by `&&` or `;`, with `cd`.
 * Records every call so that tests can see what the model handed over.
 */
class RecordingAnalyzer implements ShellAnalyzer {
  readonly calls: Array<{ script: string; context: ShellContext; argv?: string[] }> = [];

  analyzeScript(script: string, context: ShellContext): ShellEffect[] {
    this.calls.push({ script, context });
    return this.effects(script, context);
  }

  analyzeArgv(argv: string[], context: ShellContext): ShellEffect[] {
    this.calls.push({ script: argv.join(' '), context, argv });
    return this.effects(argv.join(' '), context);
  }

  private effects(script: string, context: ShellContext): ShellEffect[] {
    const effects: ShellEffect[] = [];
    let cwd = context.cwd;
    const re = /[^\s;&]+/g;
    const words: Array<{ w: string; start: number; end: number }> = [];
    for (let m = re.exec(script); m; m = re.exec(script)) words.push({ w: m[0], start: m.index, end: m.index + m[0].length });
    for (let i = 0; i < words.length; i++) {
      const { w } = words[i]!;
      const next = (k: number): { w: string; start: number; end: number } | undefined => words[i + k];
      if (w === 'cd' && next(1)) cwd = resolvePath(cwd, next(1)!.w);
      if (w === 'mkdir' || w === 'touch') {
        const target = next(1)?.w === '-p' ? next(2) : next(1);
        if (target) {
          effects.push({ kind: w === 'mkdir' ? 'mkdir' : 'write', path: resolvePath(cwd, target.w), recursive: false, certainty: 'certain', command: w, start: target.start, end: target.end });
        }
      }
      if (w === 'chown') {
        const recursive = next(1)?.w === '-R';
        const target = recursive ? next(3) : next(2);
        if (target) effects.push({ kind: 'chown', path: resolvePath(cwd, target.w), recursive, certainty: 'certain', command: 'chown', start: target.start, end: target.end });
      }
    }
    return effects;
  }
}

let catalog: BaseImageCatalog | undefined;

async function model(text: string, extra: Partial<ModelOptions> = {}, analyzer = new RecordingAnalyzer()): Promise<FileModel> {
  catalog ??= new BaseImageCatalog([loadDefaultCatalogEntries()]);
  return buildModel(parseDockerfile(text), {
    file: 'Dockerfile',
    builder: 'any',
    catalog,
    classifier: new TargetClassifier(),
    loadShellAnalyzer: async () => analyzer,
    ...extra,
  });
}

function stage(m: FileModel, index: number): Stage {
  const s = m.stages[index];
  assert.ok(s, `no stage ${index}`);
  return s;
}

function items(m: FileModel): VolumeItem[] {
  return m.volumeInstructions.flatMap((v) => v.items);
}

function effectsOf(s: Stage, kind?: PathEffect['kind']): Array<[string, string, number]> {
  return s.effects.filter((e) => kind === undefined || e.kind === kind).map((e) => [e.kind, e.path, e.instruction.range.start.line + 1]);
}

describe('model: stages and bases', () => {
  it('resolves scratch, an earlier stage, an image reference and an unresolvable FROM', async () => {
    const m = await model(
      ['ARG REGISTRY', 'FROM scratch AS a', 'FROM a AS b', 'FROM docker.io/library/postgres:16-alpine@sha256:' + 'c'.repeat(64), 'FROM $REGISTRY/app:1'].join('\n'),
    );
    assert.equal(m.stages.length, 4);
    assert.deepEqual(stage(m, 0).base, { kind: 'scratch' });
    const b = stage(m, 1).base;
    assert.equal(b.kind, 'stage');
    assert.equal(b.kind === 'stage' && b.stage, stage(m, 0));
    const image = stage(m, 2).base;
    assert.equal(image.kind, 'image');
    if (image.kind === 'image') {
      assert.equal(image.ref.registry, 'docker.io');
      assert.equal(image.ref.name, 'postgres');
      assert.equal(image.ref.tag, '16-alpine');
      assert.equal(image.ref.digest, 'sha256:' + 'c'.repeat(64));
      assert.deepEqual(image.info?.volumes, ['/var/lib/postgresql/data']);
    }
    assert.deepEqual(stage(m, 3).base, { kind: 'unknown', text: '$REGISTRY/app:1' });
    assert.equal(stage(m, 3).baseEnvUnknown, true);
  });

  it('stage names are case-insensitive and a global ARG can name a stage', async () => {
    const m = await model(['ARG BASE=Builder', 'FROM alpine:3.20 AS builder', 'FROM ${BASE}'].join('\n'));
    const base = stage(m, 1).base;
    assert.equal(base.kind === 'stage' ? base.stage.index : -1, 0);
  });

  it('marks the stages the final image contains, following FROM <stage> chains', async () => {
    const text = ['FROM alpine:3.20 AS base', 'FROM base AS build', 'FROM alpine:3.20 AS tools', 'FROM build AS final'].join('\n');
    const m = await model(text);
    assert.deepEqual(m.stages.map((s) => s.inFinalImage), [true, true, false, true]);
    assert.equal(m.target, stage(m, 3));
  });

  it('with --target, only the target and the stages it is built on are in the image', async () => {
    const text = ['FROM alpine:3.20 AS base', 'FROM base AS build', 'FROM alpine:3.20 AS tools', 'FROM build AS final'].join('\n');
    const m = await model(text, { target: 'BUILD' });
    assert.deepEqual(m.stages.map((s) => s.inFinalImage), [true, true, false, false]);
    assert.equal(m.target?.name, 'build');
    // An unknown target falls back to the last stage.
    const fallback = await model(text, { target: 'nope' });
    assert.equal(fallback.target?.index, 3);
  });

  it('stageChain lists a stage and the stages it is built FROM, the stage first, the first `most` of them; chainRoot is the one built on an image', async () => {
    const m = await model(['FROM alpine:3.20 AS base', 'FROM base AS build', 'FROM alpine:3.20 AS tools', 'FROM build AS final', 'FROM final'].join('\n'));
    const indexes = (stages: Stage[]): number[] => stages.map((s) => s.index);
    assert.deepEqual(indexes(stageChain(stage(m, 4))), [4, 3, 1, 0]);
    assert.deepEqual(indexes(stageChain(stage(m, 4), 2)), [4, 3]);
    assert.deepEqual(indexes(stageChain(stage(m, 2))), [2]);
    assert.equal(chainRoot(stage(m, 4)), stage(m, 0));
    assert.equal(chainRoot(stage(m, 2)), stage(m, 2));
    // A chain longer than the evidence reads: its first EVIDENCE_CHAIN_STAGES stages.
    const long = await model(['FROM alpine:3.20 AS s0', ...Array.from({ length: 70 }, (_, i) => `FROM s${i} AS s${i + 1}`)].join('\n'));
    const last = long.stages.at(-1)!;
    assert.equal(stageChain(last).length, 71);
    assert.deepEqual(indexes(stageChain(last, EVIDENCE_CHAIN_STAGES)), Array.from({ length: EVIDENCE_CHAIN_STAGES }, (_, i) => 70 - i));
    assert.equal(chainRoot(last), long.stages[0]);
  });
});

describe('model: variables', () => {
  it('a global ARG is not in a stage unless redeclared, and a redeclared ARG takes the global default', async () => {
    const m = await model(['ARG DIR=/srv/data', 'FROM scratch', 'VOLUME $DIR/a', 'ARG DIR', 'VOLUME $DIR/b'].join('\n'));
    const [a, b] = items(m);
    assert.equal(a?.expanded.value, '/a');
    assert.deepEqual(a?.expanded.variables.map((v) => [v.name, v.state]), [['DIR', 'undefined']]);
    assert.equal(b?.mountPath, '/srv/data/b');
    assert.deepEqual(m.globalArgs.get('DIR'), { kind: 'known', value: '/srv/data' });
  });

  it('a redeclared ARG with its own default keeps its own default', async () => {
    const m = await model(['ARG DIR=/global', 'FROM scratch', 'ARG DIR=/local', 'VOLUME $DIR'].join('\n'));
    assert.equal(items(m)[0]?.mountPath, '/local');
  });

  it('resolves ENV transitively and handles ${VAR:-x} and ${VAR:+x}', async () => {
    const m = await model(
      [
        'FROM scratch',
        'ENV A=/srv',
        'ENV B=$A/x',
        'ENV EMPTY=',
        'VOLUME $B ${MISSING:-/fallback} ${EMPTY:-/empty-default} ${EMPTY-/not-used}x ${A:+/alt} ${MISSING:+/never}y',
      ].join('\n'),
    );
    assert.deepEqual(items(m).map((i) => i.expanded.value), ['/srv/x', '/fallback', '/empty-default', 'x', '/alt', 'y']);
    assert.deepEqual(stage(m, 0).variables.get('B'), { kind: 'known', value: '/srv/x' });
  });

  it('an ARG without default stays unknown, never guessed, and so does what depends on it', async () => {
    const m = await model(['FROM scratch', 'ARG DATA', 'ENV HOME_DIR=$DATA/home', 'VOLUME $HOME_DIR ${DATA:-/x}'].join('\n'));
    const [a, b] = items(m);
    assert.equal(a?.expanded.value, null);
    assert.equal(a?.mountPath, null);
    assert.equal(b?.expanded.value, null, 'the default applies only when DATA is empty, which is not known');
    assert.deepEqual(stage(m, 0).variables.get('HOME_DIR'), { kind: 'unknown', reason: 'dynamic' });
  });

  it('ENV of an unknown base image may define any name: an unset name is unknown, not empty', async () => {
    const m = await model(['FROM example.com/unknown/image:1', 'VOLUME $APP_HOME/data'].join('\n'));
    const item = items(m)[0];
    assert.equal(item?.expanded.value, null);
    assert.equal(item?.expanded.variables[0]?.reason, 'base-image');
  });

  it('ENV passes to stages built on the stage, ARG does not; known base images bring their ENV', async () => {
    const m = await model(['FROM postgres:16 AS db', 'ENV E=/e', 'ARG A=/a', 'FROM db', 'VOLUME $E $PGDATA ${A:-/unset}'].join('\n'));
    // A is not passed on by the legacy builder (BuildKit passes a stage's ARGs on, moby/buildkit#5381), and
    // the postgres image's full ENV is not known: whether the default applies is unknown, never guessed.
    assert.deepEqual(items(m).map((i) => i.mountPath), ['/e', '/var/lib/postgresql/data', null]);
  });
});

describe('model: ARGs of a parent stage', () => {
  const text = ['FROM scratch AS base', 'ARG SITE=main', 'FROM base', 'VOLUME /srv/${SITE}/media'].join('\n');

  it('BuildKit passes them on (moby/buildkit#5381)', async () => {
    assert.equal(items(await model(text, { builder: 'buildkit' }))[0]?.mountPath, '/srv/main/media');
  });

  it('the legacy builder does not', async () => {
    assert.equal(items(await model(text, { builder: 'legacy' }))[0]?.mountPath, '/srv/media');
  });

  it('under any, the value depends on the builder and stays unknown', async () => {
    const item = items(await model(text))[0];
    assert.equal(item?.mountPath, null);
    assert.deepEqual(item?.expanded.variables.map((v) => [v.name, v.state, v.reason]), [['SITE', 'unknown', 'builder-dependent']]);
  });
});

describe('model: WORKDIR and USER', () => {
  it('WORKDIR is relative to the previous one, and known at every instruction', async () => {
    const m = await model(['FROM scratch', 'WORKDIR /usr', 'WORKDIR src', 'WORKDIR ../lib/./app', 'RUN true', 'WORKDIR $NOPE/x'].join('\n'));
    const s = stage(m, 0);
    const at = s.instructions.map((i) => s.workdirAt.get(i.index));
    assert.deepEqual(at, ['/', '/usr', '/usr/src', '/usr/lib/app', '/usr/lib/app']);
    assert.equal(s.finalWorkdir, '/x');
    assert.deepEqual(effectsOf(s, 'workdir'), [['workdir', '/usr', 2], ['workdir', '/usr/src', 3], ['workdir', '/usr/lib/app', 4], ['workdir', '/x', 6]]);
  });

  it('WORKDIR of an image base is unknown until set, and a later stage inherits the final WORKDIR', async () => {
    const m = await model(['FROM alpine:3.20 AS a', 'RUN true', 'WORKDIR app', 'WORKDIR /srv', 'FROM a', 'WORKDIR www'].join('\n'));
    const a = stage(m, 0);
    assert.equal(a.workdirAt.get(a.instructions[0]!.index), null);
    assert.equal(a.workdirAt.get(a.instructions[2]!.index), null, 'relative to an unknown WORKDIR stays unknown');
    assert.equal(a.finalWorkdir, '/srv');
    assert.equal(stage(m, 1).finalWorkdir, '/srv/www');
  });

  it('tracks USER per instruction: scratch is root, known images give their user, unknown images unknown', async () => {
    const m = await model(
      ['FROM scratch', 'RUN true', 'USER app', 'RUN true', 'FROM jenkins/jenkins:lts', 'RUN true', 'FROM alpine:3.20', 'RUN true', 'ARG U', 'USER $U'].join('\n'),
    );
    const s0 = stage(m, 0);
    assert.deepEqual(s0.instructions.map((i) => s0.userAt.get(i.index)), ['', '', 'app']);
    assert.equal(s0.finalUser, 'app');
    assert.equal(stage(m, 1).finalUser, 'jenkins');
    const s2 = stage(m, 2);
    assert.equal(s2.userAt.get(s2.instructions[0]!.index), null);
    assert.equal(s2.finalUser, null);
  });
});

describe('model: volumes', () => {
  it('lists own, inherited (earlier stage) and base-image volumes with their origin', async () => {
    const m = await model(['FROM postgres:16 AS db', 'VOLUME /backups', 'FROM db', 'VOLUME /var/log/app'].join('\n'));
    const final = stage(m, 1);
    assert.deepEqual(final.volumes.map((v) => [v.path, v.origin]), [
      ['/var/lib/postgresql/data', 'base-image'],
      ['/backups', 'stage'],
      ['/var/log/app', 'instruction'],
    ]);
    assert.equal(final.volumes[1]?.declaringStage, stage(m, 0));
    assert.equal(final.volumes[1]?.since, final.from.index);
  });

  it('knows that postgres 18 moved its volume to /var/lib/postgresql', async () => {
    const m16 = await model('FROM postgres:16\n');
    const m18 = await model('FROM postgres:18-bookworm\n');
    assert.deepEqual(stage(m16, 0).volumes.map((v) => v.path), ['/var/lib/postgresql/data']);
    assert.deepEqual(stage(m18, 0).volumes.map((v) => v.path), ['/var/lib/postgresql']);
    assert.match(stage(m18, 0).volumes[0]!.image!.info.source, /postgres/);
  });

  it('mounts a relative path under / and keeps the WORKDIR-based path the author meant', async () => {
    const m = await model(['FROM scratch', 'WORKDIR /usr/src/app', 'VOLUME data ./logs/'].join('\n'));
    assert.deepEqual(items(m).map((i) => [i.relative, i.mountPath, i.intendedPath]), [
      [true, '/data', '/usr/src/app/data'],
      [true, '/logs', '/usr/src/app/logs'],
    ]);
  });

  it('takes a relative path that is the WORKDIR without its leading slash to mean the WORKDIR itself', async () => {
    const m = await model(['FROM scratch', 'WORKDIR /workspaces/app', 'VOLUME ["workspaces/app", "data"]'].join('\n'));
    assert.deepEqual(items(m).map((i) => [i.mountPath, i.intendedPath]), [
      ['/workspaces/app', '/workspaces/app'],
      ['/data', '/workspaces/app/data'],
    ]);
  });

  it('ONBUILD VOLUME is recorded as onbuild but is not a volume of the stage', async () => {
    const m = await model(['FROM scratch', 'ONBUILD VOLUME /later', 'VOLUME /now'].join('\n'));
    const s = stage(m, 0);
    assert.deepEqual(s.volumes.map((v) => v.path), ['/now']);
    assert.deepEqual(s.volumeInstructions.map((v) => v.onbuild), [false]);
    assert.deepEqual(m.volumeInstructions.map((v) => [v.onbuild, v.items[0]?.raw]), [[true, '/later'], [false, '/now']]);
  });

  it('parses JSON only when the whole argument is a JSON array of strings', async () => {
    const m = await model(['FROM scratch', 'VOLUME ["/a", "/b c"]', 'VOLUME ["/a",]', "VOLUME ['/data']", 'VOLUME [ "/padded" ]'].join('\n'));
    const [json, trailing, single, padded] = m.volumeInstructions;
    assert.equal(json?.list.form, 'json');
    assert.deepEqual(json?.items.map((i) => i.mountPath), ['/a', '/b c']);
    assert.equal(trailing?.list.form, 'shell');
    assert.equal(trailing?.list.form === 'shell' && trailing.list.looksLikeJson, true);
    assert.deepEqual(trailing?.items.map((i) => i.expanded.value), ['[/a,]']);
    assert.deepEqual(single?.items.map((i) => [i.expanded.value, i.relative, i.mountPath]), [['[/data]', true, '/[/data]']]);
    assert.equal(padded?.list.form, 'json');
    assert.deepEqual(padded?.items.map((i) => i.mountPath), ['/padded']);
  });

  it('classifies targets', async () => {
    const m = await model(['FROM scratch', 'VOLUME /var/cache/apt /usr/src/app /etc/nginx /var/lib/app /data-x'].join('\n'));
    assert.deepEqual(items(m).map((i) => i.target), ['cache', 'code', 'config', 'good', null]);
  });
});

describe('model: effects', () => {
  it('records COPY/ADD destinations relative to WORKDIR, with --chown, --chmod and --from', async () => {
    const m = await model(
      ['FROM alpine:3.20 AS build', 'FROM scratch', 'WORKDIR /srv', 'COPY --from=build --chown=app:app --chmod=750 /out/ data/', 'ADD site.tar.gz /var/www/', 'COPY <<EOF ./notes.txt', 'hi', 'EOF'].join('\n'),
    );
    const s = stage(m, 1);
    assert.deepEqual(
      s.effects.filter((e) => e.kind !== 'workdir').map((e) => [e.kind, e.path, e.command, e.from ?? null, e.sources?.join(' ') ?? null]),
      [
        ['copy', '/srv/data', 'COPY', 'build', '/out/'],
        ['chown', '/srv/data', 'COPY --chown', 'build', '/out/'],
        ['chmod', '/srv/data', 'COPY --chmod', 'build', '/out/'],
        ['copy', '/var/www', 'ADD', null, 'site.tar.gz'],
        ['copy', '/srv/notes.txt', 'COPY', null, '<<EOF'],
      ],
    );
    assert.ok(s.effects.filter((e) => e.kind !== 'workdir').every((e) => e.recursive && e.certainty === 'certain'));
  });

  it('a COPY destination relative to an unknown WORKDIR is not guessed', async () => {
    const m = await model(['FROM example.com/base:1', 'COPY a data/', 'COPY b /abs/'].join('\n'));
    assert.deepEqual(effectsOf(stage(m, 0)), [['copy', '/abs', 3]]);
  });

  it('records Windows COPY destinations in the form of Windows volume paths', async () => {
    const m = await model(['# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'WORKDIR C:\\App', 'COPY publish/ .', 'COPY cfg.json D:\\Config\\', 'VOLUME C:\\app'].join('\n'));
    const s = stage(m, 0);
    assert.equal(s.windows, true);
    assert.deepEqual(effectsOf(s, 'copy'), [['copy', 'c:/app', 4], ['copy', 'd:/config', 5]]);
    assert.deepEqual(s.volumes.map((v) => v.path), ['c:/app']);
  });

  it('hands RUN to the analysis with the WORKDIR, the environment and root\'s home, and keeps its effects', async () => {
    const analyzer = new RecordingAnalyzer();
    const m = await model(['FROM scratch', 'ENV DATA=/data', 'WORKDIR /srv', 'VOLUME /data', 'RUN mkdir -p cache && cd /data && touch x'].join('\n'), {}, analyzer);
    assert.equal(m.shellAnalyzed, true);
    assert.equal(analyzer.calls.length, 1);
    const call = analyzer.calls[0]!;
    assert.equal(call.context.cwd, '/srv');
    assert.equal(call.context.lookup('DATA'), '/data');
    assert.equal(call.context.home, '/root');
    assert.deepEqual(effectsOf(stage(m, 0)).filter(([k]) => k !== 'workdir'), [['mkdir', '/srv/cache', 5], ['write', '/data/x', 5]]);
    const effect = stage(m, 0).effects.find((e) => e.kind === 'write')!;
    assert.equal(effect.command, 'RUN touch');
    assert.deepEqual(effect.range.start, { line: 4, character: 40 });
  });

  it('leaves out what lands under RUN --mount=type=cache targets', async () => {
    const m = await model(
      ['FROM scratch', 'VOLUME /data', 'WORKDIR /w', 'RUN --mount=type=cache,target=/root/.cache --mount=type=cache,target=tmp touch /root/.cache/x /data/y tmp/z'].join('\n'),
    );
    // The recording analyzer only sees `touch /root/.cache/x`; write the steps one by one to see each.
    const m2 = await model(
      ['FROM scratch', 'VOLUME /data', 'WORKDIR /w', 'RUN --mount=type=cache,target=/root/.cache touch /root/.cache/x', 'RUN --mount=type=cache,target=tmp touch tmp/z', 'RUN --mount=type=cache,target=/root/.cache touch /data/y'].join('\n'),
    );
    assert.deepEqual(effectsOf(stage(m, 0), 'write'), []);
    assert.deepEqual(effectsOf(stage(m2, 0), 'write'), [['write', '/data/y', 6]]);
  });

  it('analyses exec-form RUN as argv and a heredoc RUN as its body', async () => {
    const analyzer = new RecordingAnalyzer();
    const m = await model(['FROM scratch', 'VOLUME /data', 'RUN ["mkdir", "-p", "/data/a"]', 'RUN <<EOF', 'touch /data/b', 'EOF'].join('\n'), {}, analyzer);
    assert.deepEqual(analyzer.calls.map((c) => [c.script, c.argv ?? null]), [
      ['mkdir -p /data/a', ['mkdir', '-p', '/data/a']],
      ['touch /data/b', null],
    ]);
    const s = stage(m, 0);
    assert.deepEqual(effectsOf(s), [['mkdir', '/data/a', 3], ['write', '/data/b', 4]]);
    assert.equal(s.effects[1]?.range.start.line, 4, 'a heredoc effect points into the body');
  });

  it('analyses RUN only in stages with volumes and the stages they are built on', async () => {
    const analyzer = new RecordingAnalyzer();
    const m = await model(
      [
        'FROM debian:12 AS base',
        'RUN mkdir -p /data/seed',
        'FROM golang:1.22 AS build',
        'RUN touch /out/app',
        'FROM base AS app',
        'VOLUME /data',
        'RUN touch /data/x',
        'FROM app AS later',
        'RUN touch /data/y',
        'FROM scratch AS unrelated',
        'RUN touch /z',
      ].join('\n'),
      {},
      analyzer,
    );
    assert.deepEqual(analyzer.calls.map((c) => c.script), ['mkdir -p /data/seed', 'touch /data/x', 'touch /data/y']);
    assert.deepEqual(effectsOf(stage(m, 0)), [['mkdir', '/data/seed', 2]]);
    assert.deepEqual(effectsOf(stage(m, 1)), []);
    assert.deepEqual(effectsOf(stage(m, 4)), []);
  });

  it('does not load the RUN analysis when no stage has volumes', async () => {
    let loaded = false;
    const m = await model(['FROM debian:12', 'RUN touch /x'].join('\n'), {
      loadShellAnalyzer: async () => {
        loaded = true;
        return new RecordingAnalyzer();
      },
    });
    assert.equal(loaded, false);
    assert.equal(m.shellAnalyzed, false);
    assert.deepEqual(stage(m, 0).effects, []);
  });
});

describe('expandWord', () => {
  const vars: Record<string, VarValue> = {
    A: { kind: 'known', value: '/a' },
    B: { kind: 'known', value: '/b' },
    EMPTY: { kind: 'known', value: '' },
    U: { kind: 'unknown', reason: 'arg-no-default' },
  };
  const lookup: Lookup = (name) => vars[name];
  const value = (word: string, escape = '\\'): string | null => expandWord(word, lookup, escape).value;

  it('removes quotes and keeps what they protect', () => {
    assert.equal(value(`"/my data"`), '/my data');
    assert.equal(value(`'/lit/$A'`), '/lit/$A');
    assert.equal(value(`"$A/x"`), '/a/x');
    assert.equal(value(`pre"mid"'post'`), 'premidpost');
    assert.equal(expandWord('"x"', lookup).hadQuotes, true);
    assert.equal(expandWord('x', lookup).hadQuotes, false);
  });

  it('handles escapes, inside and outside double quotes', () => {
    assert.equal(value('\\$A'), '$A');
    assert.equal(value('a\\ b'), 'a b');
    assert.equal(value('"\\$A \\" \\x"'), '$A " \\x');
  });

  it('nests defaults and alternatives', () => {
    assert.equal(value('${NOPE:-${B:-c}}'), '/b');
    assert.equal(value('${NOPE:-${ALSO_NOPE:-c}}'), 'c');
    assert.equal(value('${A:+${B}/x}'), '/b/x');
    assert.equal(value('${EMPTY-set}|${EMPTY:-unset}'), '|unset');
    assert.equal(value('$A$B'), '/a/b');
    assert.equal(value('${A}_${B}'), '/a_/b');
  });

  it('an unknown value makes the word unknown but keeps the known prefix and the variable uses', () => {
    const expanded = expandWord('/srv/${U}/data', lookup);
    assert.equal(expanded.value, null);
    assert.equal(expanded.prefix, '/srv/');
    assert.deepEqual(expanded.variables.map((v) => [v.name, v.state, v.start, v.end]), [['U', 'unknown', 5, 9]]);
    assert.equal(value('${U:-/x}'), null);
  });

  it('reports unterminated quotes and braces as BuildKit does', () => {
    assert.match(expandWord(`'/data`, lookup).error ?? '', /single-quote/);
    assert.match(expandWord(`"/data`, lookup).error ?? '', /double-quote/);
    assert.match(expandWord('${A', lookup).error ?? '', /\}/);
    assert.match(expandWord('${A:-x', lookup).error ?? '', /\}/);
    assert.equal(expandWord('/data', lookup).error, undefined);
  });

  it('uses the backtick as escape character with # escape=`, leaving backslashes alone', () => {
    assert.equal(value('C:\\data\\db', '`'), 'C:\\data\\db');
    assert.equal(value('a` b', '`'), 'a b');
    assert.equal(value('`$A', '`'), '$A');
    assert.equal(value('C:\\data', '\\'), 'C:data');
  });

  it('survives deep nesting without recursion blow-up', () => {
    const deep = '${X:-'.repeat(200) + '/end' + '}'.repeat(200);
    const expanded = expandWord(deep, lookup);
    assert.equal(expanded.value, null);
    assert.equal(expanded.error, undefined);
  });
});

describe('paths', () => {
  it('normalises without the host path module', () => {
    assert.equal(normalizePath('/a//b/./c/../d/'), '/a/b/d');
    assert.equal(normalizePath('/../x'), '/x');
    assert.equal(resolvePath('/usr/src', '../lib'), '/usr/lib');
  });
});
