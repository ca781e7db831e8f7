/**
 * What the real builders showed the model (issue 13; ../shared/volume-semantics.md §8–9), pinned
 * through the whole lint: symbolic links followed into volumes, builder mechanisms in explanations.
 */
import assert from 'node:assert/strict';
import { lint } from './helpers/lint.js';

describe('model: symbolic links made by earlier steps', () => {
  it('a write through a link into a volume lands in the volume: VOL004 reports it, naming the link', async () => {
    const text = 'FROM alpine:3.20\nRUN mkdir -p /data && ln -s /data /link\nVOLUME /data\nRUN touch /link/f\n';
    const result = await lint(text, 'Dockerfile', { builder: 'legacy' });
    const effect = result.model.stages[0]!.effects.find((e) => e.instruction.range.start.line === 3);
    assert.equal(effect?.path, '/data/f');
    assert.equal(effect?.via?.path, '/link/f');
    assert.equal(effect?.via?.link, '/link');
    const finding = result.findings.find((f) => f.ruleId === 'VOL004');
    assert.ok(finding, 'VOL004 reported');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /writes \/data\/f/);
    assert.ok(finding.explanation.some((s) => s.includes('/link') && s.includes('line 2')));
  });

  it('relative link targets, links in an earlier stage, and chains of links are followed', async () => {
    const text = [
      'FROM alpine:3.20 AS base',
      'RUN mkdir -p /srv/data && cd /srv && ln -s data current && ln -s /srv/current /c',
      'FROM base',
      'VOLUME /srv/data',
      'RUN touch /c/x',
    ].join('\n');
    const result = await lint(text, 'Dockerfile', { builder: 'legacy' });
    const effect = result.model.stages[1]!.effects.find((e) => e.instruction.range.start.line === 4);
    assert.equal(effect?.path, '/srv/data/x');
    assert.ok(result.findings.some((f) => f.ruleId === 'VOL004' && f.range.start.line === 4));
  });

  it('removing the link itself, or replacing it, is not a write into the volume', async () => {
    const text = 'FROM alpine:3.20\nRUN mkdir -p /data && ln -s /data /link\nVOLUME /data\nRUN rm /link && touch /link\n';
    const result = await lint(text, 'Dockerfile', { builder: 'legacy' });
    const paths = result.model.stages[0]!.effects.filter((e) => e.instruction.range.start.line === 3).map((e) => e.path);
    assert.deepEqual(paths, ['/link', '/link']);
    assert.ok(!result.findings.some((f) => f.ruleId === 'VOL004'));
  });

  it('a path that only shares a prefix with the link is not followed', async () => {
    const text = 'FROM alpine:3.20\nRUN ln -s /data /link\nVOLUME /data\nRUN touch /linked/f\n';
    const result = await lint(text, 'Dockerfile', { builder: 'legacy' });
    assert.equal(result.model.stages[0]!.effects.find((e) => e.instruction.range.start.line === 3)?.path, '/linked/f');
  });
});

describe('VOL004: each builder explained by its own mechanism (volume-semantics §3, §4)', () => {
  const text = 'FROM alpine:3.20\nVOLUME /data\nRUN chown nobody /data\n';

  it('legacy: a fresh temporary volume per RUN; Buildah compat: contents saved and restored; Kaniko: nothing mounted, left out of the layers', async () => {
    const finding = async (builder: 'legacy' | 'buildah-compat' | 'kaniko') =>
      (await lint(text, 'Dockerfile', { builder })).findings.find((f) => f.ruleId === 'VOL004')!;
    const legacy = (await finding('legacy')).explanation.join(' ');
    assert.match(legacy, /fresh temporary volume/);
    const buildah = (await finding('buildah-compat')).explanation.join(' ');
    assert.match(buildah, /saves the contents of \/data before the RUN at line 3 and restores them after it/);
    assert.doesNotMatch(buildah, /fresh temporary volume/);
    const kaniko = (await finding('kaniko')).explanation.join(' ');
    assert.match(kaniko, /nothing is mounted/);
    assert.match(kaniko, /later RUN steps of this stage still see it/);
    assert.doesNotMatch(kaniko, /fresh temporary volume/);
  });

  it('Kaniko keeps a RUN change under a base image volume (postgres): a note, not an error', async () => {
    const pg = 'FROM postgres:16\nRUN mkdir -p /var/lib/postgresql/data/conf.d\n';
    const kaniko = (await lint(pg, 'Dockerfile', { builder: 'kaniko' })).findings.find((f) => f.ruleId === 'VOL004');
    assert.equal(kaniko?.severity, 'note');
    assert.match(kaniko!.message, /Kaniko keeps the change/);
    assert.ok(kaniko!.explanation.some((s) => /ignores only the paths of VOLUME lines it executes in this stage/.test(s)));
    const legacy = (await lint(pg, 'Dockerfile', { builder: 'legacy' })).findings.find((f) => f.ruleId === 'VOL004');
    assert.equal(legacy?.severity, 'error');
    const any = (await lint(pg, 'Dockerfile', { builder: 'any' })).findings.find((f) => f.ruleId === 'VOL004');
    assert.doesNotMatch(any!.message, /Kaniko/);
  });

  it('volint model: Kaniko keeps a RUN change under a base image volume, discards one under a VOLUME of the stage', async () => {
    const { modelToJson } = await import('../src/report/model.js');
    const text2 = 'FROM postgres:16\nVOLUME /data\nRUN touch /var/lib/postgresql/data/x /data/y\n';
    const result = await lint(text2, 'Dockerfile', { builder: 'kaniko' });
    const json = modelToJson(result.model) as { stages: Array<{ volumes: Array<{ path: string; steps: Array<{ keptBy: string[]; discardedBy: string[] }> }> }> };
    const byPath = new Map(json.stages[0]!.volumes.map((v) => [v.path, v.steps[0]!]));
    assert.deepEqual(byPath.get('/var/lib/postgresql/data'), { ...byPath.get('/var/lib/postgresql/data')!, keptBy: ['kaniko'], discardedBy: [] });
    assert.deepEqual(byPath.get('/data'), { ...byPath.get('/data')!, keptBy: [], discardedBy: ['kaniko'] });
  });
});

describe('explanations corrected after the 2026-12-06 audit (volume-semantics §9)', () => {
  const all = async (text: string, rule: string, builder: 'any' | 'legacy' = 'any') =>
    (await lint(text, 'Dockerfile', { builder })).findings.filter((f) => f.ruleId === rule);

  it('VOL014: under the legacy builder the RUN output in the stage volume is discarded, so COPY --from gets what was there before', async () => {
    const text = 'FROM alpine:3.20 AS build\nRUN mkdir -p /out\nVOLUME /out\nRUN echo built > /out/app\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n';
    const [finding] = await all(text, 'VOL014', 'legacy');
    assert.ok(finding);
    assert.doesNotMatch(finding.message, /has no effect/);
    const explanation = finding.explanation.join(' ');
    assert.match(explanation, /neither does what the RUN at line 4 wrote there/);
    assert.match(explanation, /gets what was there before it/);
  });

  it('VOL002 and VOL014 say the image configuration keeps the text as written; only the mount point is resolved against /', async () => {
    const [host] = await all('FROM alpine:3.20\nVOLUME ./d:/d\n', 'VOL002');
    assert.ok(host!.explanation.some((s) => s.includes('keeps it as written (`./d:/d`)') && s.includes('at /d:/d')));
    const text = "FROM alpine:3.20 AS tools\nVOLUME ./cache\nFROM alpine:3.20\n";
    const [unused] = await all(text, 'VOL014');
    assert.match(unused!.explanation[0]!, /adds `\.\/cache` \(mounted at \/cache\) to the image configuration/);
    assert.doesNotMatch(unused!.explanation[0]!, /adds \/cache to/);
  });

  it('VOL008: /proc is refused; /sys and /dev are replaced by the volume (the container breaks)', async () => {
    const findings = await all('FROM alpine:3.20\nVOLUME /proc\nVOLUME /sys\nVOLUME /dev\n', 'VOL008');
    assert.equal(findings.length, 3);
    assert.match(findings[0]!.explanation[0]!, /refuses a mount there/);
    assert.match(findings[1]!.explanation[0]!, /drops its own \/sys mount when another mount targets it/);
    assert.doesNotMatch(findings[1]!.explanation[0]!, /cannot|fail/);
    assert.match(findings[2]!.explanation[0]!, /device nodes/);
  });

  it('VOL013: a missing directory below C:\\ProgramData is allowed; C:\\ProgramData itself is not; C:\\ is refused by the parser', async () => {
    const win = (v: string) => '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nVOLUME ' + v + '\n';
    assert.equal((await all(win('C:\\ProgramData\\app'), 'VOL013')).length, 0);
    assert.equal((await all(win('C:\\ProgramData'), 'VOL013')).length, 1);
    const [root] = await all(win('C:\\'), 'VOL013');
    assert.ok(root!.explanation.some((s) => /parser refuses/.test(s)));
  });

  it('Windows: C:\\data and C:/DATA/logs are nested; RUN mkdir C:\\data\\logs is analysed; the model never says a Windows volume is seeded', async () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nVOLUME C:\\data C:/DATA/logs\nRUN md C:\\data\\logs\\x && echo hi\n';
    const result = await lint(text, 'Dockerfile', { builder: 'legacy' });
    assert.ok(result.findings.some((f) => f.ruleId === 'VOL010' && f.range.start.line === 2));
    const effect = result.model.stages[0]!.effects.find((e) => e.command === 'RUN mkdir');
    assert.equal(effect?.path, 'c:/data/logs/x');
    const { describeModel } = await import('../src/report/model.js');
    const out = describeModel(result.model);
    assert.doesNotMatch(out, /a new volume is seeded with it/);
    assert.match(out, /on Windows it starts empty/);
    for (const finding of result.findings) assert.ok(!finding.explanation.some((s) => /is seeded with the image/.test(s)), finding.ruleId);
  });
});

describe('fix suggestions that can work, and facts of the official images', () => {
  const all = async (text: string, rule: string) => (await lint(text, 'Dockerfile')).findings.filter((f) => f.ruleId === rule);

  it('VOL016: a socket path is a run-time bind mount, never a mkdir; no fix is offered', async () => {
    const [finding] = await all('FROM alpine:3.20\nRUN adduser -D app\nUSER app\nVOLUME /var/run/docker.sock\n', 'VOL016');
    assert.ok(finding);
    const text = finding.explanation.join(' ');
    assert.match(text, /names a socket/);
    assert.doesNotMatch(text, /mkdir -p \/var\/run\/docker\.sock/);
    assert.equal(finding.suggestions.length, 0);
  });

  it('VOL016: in an image without a shell the advice is COPY --chown, never RUN mkdir', async () => {
    const [finding] = await all('FROM gcr.io/distroless/static-debian12\nUSER nonroot\nVOLUME /data\n', 'VOL016');
    assert.ok(finding);
    const text = finding.explanation.join(' ');
    assert.match(text, /COPY --chown=nonroot/);
    assert.doesNotMatch(text, /RUN mkdir/);
    assert.equal(finding.suggestions.length, 0);
  });

  it('VOL016 docs: postgres, mysql and redis start as root and drop privileges', async () => {
    const { rules } = await import('../rules/index.js');
    const why = rules.find((r) => r.id === 'VOL016')!.docs.why;
    assert.match(why, /postgres, mysql and redis start as root and their entrypoints drop privileges/);
  });

  it('VOL017: a RUN that only creates the cache directory gets no cache mount', async () => {
    const [finding] = await all('FROM node:20\nRUN mkdir -p /root/.npm\nVOLUME /root/.npm\nRUN npm install -g pnpm\n', 'VOL017');
    for (const fix of [...(finding?.fix ? [finding.fix] : []), ...(finding?.suggestions ?? [])]) {
      for (const edit of fix.edits) assert.ok(edit.range.start.line !== 1 || edit.text === '', 'no --mount on the mkdir step');
    }
  });

  it('VOL017: an archive unpacked in the parent directory is never named as filling the cache (issue 14, pattern 8)', async () => {
    const text = [
      'FROM eclipse-temurin:21-jdk',
      'RUN useradd -m builder && mkdir /home/builder/.gradle && chown -R builder /home/builder',
      'VOLUME /home/builder/.gradle',
      'WORKDIR /home/builder',
      'RUN curl -fsSLo tool.zip https://downloads.example.org/tool.zip && unzip tool.zip && rm tool.zip',
      'CMD ["java", "-jar", "/home/builder/tool/tool.jar"]',
    ].join('\n');
    const [finding] = await all(text, 'VOL017');
    assert.ok(finding);
    assert.doesNotMatch(finding.explanation.join(' '), /line 5/);
    assert.equal(finding.related.length, 0);
    assert.equal(finding.suggestions.length, 0);
  });

  it('the catalogue cites the postgres 15 and 16 Dockerfiles for those tags', async () => {
    const { BaseImageCatalog, loadDefaultCatalogEntries, parseImageRef } = await import('../src/model/base-images.js');
    const catalog = new BaseImageCatalog([loadDefaultCatalogEntries()]);
    assert.match(catalog.lookup(parseImageRef('postgres:15-alpine'))!.source, /\/15\/bookworm\/Dockerfile$/);
    assert.match(catalog.lookup(parseImageRef('postgres:16'))!.source, /\/16\/bookworm\/Dockerfile$/);
    assert.match(catalog.lookup(parseImageRef('postgres:17'))!.source, /\/17\//);
    assert.deepEqual(catalog.lookup(parseImageRef('postgres:16.4'))!.volumes, ['/var/lib/postgresql/data']);
  });
});

describe('VOLUME with an ARG that has no value: the volume never vanishes silently', () => {
  for (const written of ['${DATA:-/data}', '${DATA-/data}']) {
    it(`${written} declares /data when no --build-arg DATA is given, and says so`, async () => {
      const result = await lint(`FROM alpine:3.20\nARG DATA\nVOLUME ${written}\nRUN touch /data/x\n`, 'Dockerfile', { builder: 'legacy' });
      const stage = result.model.stages[0]!;
      assert.deepEqual(stage.volumes.map((v) => v.path), ['/data']);
      assert.deepEqual(stage.volumes[0]!.item!.assumedUnset, ['DATA']);
      assert.ok(result.findings.some((f) => f.ruleId === 'VOL004'));
      const { describeModel } = await import('../src/report/model.js');
      assert.match(describeModel(result.model), /when the build passes no --build-arg DATA/);
    });
  }

  for (const written of ['${DATA:+/data}', '$DATA']) {
    it(`${written}: the model lists the volume at a path it cannot tell`, async () => {
      const result = await lint(`FROM alpine:3.20\nARG DATA\nVOLUME ${written}\n`, 'Dockerfile');
      const { describeModel, modelToJson } = await import('../src/report/model.js');
      assert.match(describeModel(result.model), /volume at a path volint cannot tell: `\$\{?DATA/);
      const json = modelToJson(result.model) as { stages: Array<{ unresolvedVolumes: Array<{ line: number; written: string }> }> };
      assert.deepEqual(json.stages[0]!.unresolvedVolumes, [{ line: 3, written }]);
    });
  }
});
