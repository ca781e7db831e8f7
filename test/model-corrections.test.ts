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
