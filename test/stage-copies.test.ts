/**
 * src/model/stage-copies.ts: what a `COPY --from=<stage>` of a parent directory brings below its
 * destination, followed into the stage (and through the stage's own copies, to a bounded depth).
 */
import assert from 'node:assert/strict';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { buildModel } from '../src/model/build.js';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import { stepsThroughCopy, type CopiedStep } from '../src/model/stage-copies.js';
import { MAX_COPY_FROM_HOPS } from '../src/model/query.js';
import { TargetClassifier } from '../src/model/targets.js';
import type { FileModel, PathEffect, Stage } from '../src/model/types.js';
import { parseDockerfile } from '../src/parse/parse.js';

const catalog = new BaseImageCatalog([loadDefaultCatalogEntries()]);

async function model(text: string): Promise<FileModel> {
  const analyzer = await loadShellAnalyzer();
  return buildModel(parseDockerfile(text), {
    file: 'Dockerfile',
    builder: 'any',
    catalog,
    classifier: new TargetClassifier(),
    loadShellAnalyzer: async () => analyzer,
    allRunEffects: true,
  });
}

/** The last COPY --from of the final stage, and that stage. */
function lastCopy(m: FileModel): { stage: Stage; copy: PathEffect } {
  const stage = m.stages[m.stages.length - 1]!;
  const copy = [...stage.effects].reverse().find((e) => e.kind === 'copy' && e.from);
  assert.ok(copy, 'no COPY --from in the last stage');
  return { stage, copy };
}

function line(step: CopiedStep): string {
  const e = step.effect;
  return `${e.instruction.range.start.line + 1} ${e.command} ${e.kind} ${e.path}${step.reach === 'parent' ? ' (parent)' : ''}${e.certainty === 'possible' ? ' ?' : ''} via ${step.via.map((h) => h.copy.instruction.range.start.line + 1).join('>')}`;
}

const TWO_STAGES = [
  'FROM ruby:3.3.8-alpine AS build',
  'WORKDIR /usr/src/app',
  'COPY Gemfile* ./',
  'RUN bundle install',
  'FROM ruby:3.3.8-alpine',
  'WORKDIR /usr/src/app',
  'COPY . .',
  'COPY --from=build /usr/local/bundle/ /usr/local/bundle/',
].join('\n');

describe('stepsThroughCopy', () => {
  it('brings what the source stage put below the copied directory to the destination (D9: bundle install into GEM_HOME)', async () => {
    const m = await model(TWO_STAGES);
    const { stage, copy } = lastCopy(m);
    const steps = stepsThroughCopy(m, stage, copy, '/usr/local/bundle/gems');
    assert.deepEqual(steps.map(line), [
      '4 RUN bundle install write /usr/local/bundle (parent) ? via 8',
      '4 RUN bundle install write /usr/local/bundle/gems ? via 8',
    ]);
    assert.equal(steps[1]!.stage, m.stages[0]);
    assert.equal(steps[1]!.original.path, '/usr/local/bundle/gems');
  });

  it('moves paths from the source directory to the destination', async () => {
    const m = await model(['FROM ruby:3.3 AS build', 'RUN bundle install', 'FROM alpine', 'COPY --from=build /usr/local/bundle /opt/gems'].join('\n'));
    const { stage, copy } = lastCopy(m);
    assert.deepEqual(stepsThroughCopy(m, stage, copy, '/opt/gems/specifications').map(line), [
      '2 RUN bundle install write /opt/gems (parent) ? via 4',
      '2 RUN bundle install write /opt/gems/specifications ? via 4',
    ]);
    // What lies above the copied directory in the stage is not copied.
    const m2 = await model(['FROM node:20 AS build', 'RUN mkdir -p /srv/app/dist && touch /srv/app/dist/index.html /srv/other', 'FROM nginx', 'COPY --from=build /srv/app /usr/share/nginx/html'].join('\n'));
    const c2 = lastCopy(m2);
    assert.deepEqual(stepsThroughCopy(m2, c2.stage, c2.copy, '/usr/share/nginx/html/dist').map(line), [
      '2 RUN mkdir mkdir /usr/share/nginx/html/dist via 4',
      '2 RUN touch write /usr/share/nginx/html/dist/index.html via 4',
    ]);
  });

  it('reads a relative source from the source stage\'s root, not its WORKDIR', async () => {
    const m = await model(['FROM ruby:3.3 AS build', 'WORKDIR /srv', 'RUN bundle install', 'FROM alpine', 'COPY --from=build usr/local/bundle /opt/gems'].join('\n'));
    const { stage, copy } = lastCopy(m);
    assert.deepEqual(stepsThroughCopy(m, stage, copy, '/opt/gems/specifications').map(line), [
      '3 RUN bundle install write /opt/gems (parent) ? via 5',
      '3 RUN bundle install write /opt/gems/specifications ? via 5',
    ]);
  });

  it('follows removals too, and nothing for an image, a glob or a path outside the destination', async () => {
    const m = await model(['FROM ruby:3.3 AS build', 'RUN bundle install && rm -rf /usr/local/bundle/cache', 'FROM ruby:3.3', 'COPY --from=build /usr/local/bundle /usr/local/bundle'].join('\n'));
    const { stage, copy } = lastCopy(m);
    assert.ok(stepsThroughCopy(m, stage, copy, '/usr/local/bundle/cache').some((s) => s.effect.kind === 'delete' && s.effect.path === '/usr/local/bundle/cache'));
    assert.deepEqual(stepsThroughCopy(m, stage, copy, '/srv'), [], 'outside the destination');
    const image = await model(['FROM ruby:3.3', 'COPY --from=ruby:3.3 /usr/local/bundle /usr/local/bundle'].join('\n'));
    const i = lastCopy(image);
    assert.deepEqual(stepsThroughCopy(image, i.stage, i.copy, '/usr/local/bundle/gems'), [], 'an image, not a stage');
    const glob = await model(['FROM ruby:3.3 AS build', 'RUN bundle install', 'FROM ruby:3.3', 'COPY --from=build /usr/local/bun* /usr/local/bundle'].join('\n'));
    const g = lastCopy(glob);
    assert.deepEqual(stepsThroughCopy(glob, g.stage, g.copy, '/usr/local/bundle/gems'), [], 'a glob source');
  });

  it('follows a copy of a parent directory in the source stage into its own source stage', async () => {
    const m = await model([
      'FROM ruby:3.3 AS gems',
      'RUN bundle install',
      'FROM ruby:3.3 AS assets',
      'COPY --from=gems /usr/local/bundle /usr/local/bundle',
      'FROM ruby:3.3',
      'COPY --from=assets /usr/local /usr/local',
    ].join('\n'));
    const { stage, copy } = lastCopy(m);
    assert.deepEqual(stepsThroughCopy(m, stage, copy, '/usr/local/bundle/gems').map(line), [
      '4 COPY copy /usr/local/bundle (parent) via 6',
      '2 RUN bundle install write /usr/local/bundle (parent) ? via 6>4',
      '2 RUN bundle install write /usr/local/bundle/gems ? via 6>4',
    ]);
  });

  it(`stops ${MAX_COPY_FROM_HOPS} copies deep, and two copies of each tree at every level cost no more than one`, async () => {
    const lines = ['FROM alpine AS s0', 'RUN mkdir -p /opt/tree/deep && touch /opt/tree/deep/file'];
    const stages = 40;
    for (let i = 1; i <= stages; i++) {
      lines.push(`FROM alpine AS s${i}`, `COPY --from=s${i - 1} /opt /opt`, `COPY --from=s${i - 1} /opt/ /opt/`);
    }
    const m = await model(lines.join('\n'));
    const { stage, copy } = lastCopy(m);
    const started = process.hrtime.bigint();
    const steps = stepsThroughCopy(m, stage, copy, '/opt/tree/deep');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `took ${ms} ms`);
    const depths = steps.map((s) => s.via.length);
    assert.equal(Math.max(...depths), MAX_COPY_FROM_HOPS, 'followed to the bound, not further');
    assert.ok(!steps.some((s) => s.effect.command === 'RUN touch'), 'the file 40 copies away is beyond the bound');
    // Each original step lands once per path, however many copies bring it.
    const ids = steps.map((s) => `${s.original.instruction.index} ${s.original.path} ${s.effect.path}`);
    assert.equal(new Set(ids).size, ids.length);
    // Nearer: a file three copies away is found.
    const near = await model(['FROM alpine AS s0', 'RUN mkdir -p /opt/tree && touch /opt/tree/file', 'FROM alpine AS s1', 'COPY --from=s0 /opt /opt', 'FROM alpine AS s2', 'COPY --from=s1 /opt /opt', 'FROM alpine', 'COPY --from=s2 /opt /opt'].join('\n'));
    const n = lastCopy(near);
    assert.ok(stepsThroughCopy(near, n.stage, n.copy, '/opt/tree').some((s) => s.effect.command === 'RUN touch' && s.via.length === 3));
  });
});
