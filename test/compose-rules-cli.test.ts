/**
 * The Compose rules through the built CLI: a finding points at the compose entry and names the
 * Dockerfile steps behind it as related locations in that file (SARIF: relatedLocations with the
 * Dockerfile's URI, both files as artifacts); a suppression comment above the entry silences it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, assertNoCrash, removeDir, runCli, tempDir } from './helpers/cli.js';

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } };
}
interface SarifLog {
  runs: Array<{
    artifacts?: Array<{ location: { uri: string } }>;
    results: Array<{ ruleId: string; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }>;
  }>;
}

describe('compose rules through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-compose-rules-');
    cpSync(join(REPO, 'fixtures', 'compose-bind-hides-image', 'invalid-node-modules'), dir, { recursive: true });
  });
  afterEach(() => removeDir(dir));

  it('SARIF: the bind entry, the RUN step in the Dockerfile as a related location, both files as artifacts', () => {
    const result = runCli(['-f', 'sarif', 'compose.yaml'], { cwd: dir });
    // SARIF's rule catalogue always describes volint-internal-error: only stderr is checked for a crash.
    assertNoCrash({ ...result, stdout: '' });
    assert.equal(result.code, 0, result.stderr); // a warning does not fail the run
    const log = JSON.parse(result.stdout) as SarifLog;
    const run = log.runs[0]!;
    const finding = run.results.find((r) => r.ruleId === 'VOL020');
    assert.ok(finding, `no VOL020 in ${result.stdout.slice(0, 2000)}`);
    assert.equal(finding.locations[0]!.physicalLocation.artifactLocation.uri, 'compose.yaml');
    assert.equal(finding.locations[0]!.physicalLocation.region.startLine, 8);
    const inDockerfile = (finding.relatedLocations ?? []).filter((r) => r.physicalLocation.artifactLocation.uri === 'Dockerfile');
    assert.deepEqual(
      inDockerfile.map((r) => r.physicalLocation.region.startLine),
      [4],
      'the RUN npm ci line',
    );
    const artifacts = (run.artifacts ?? []).map((a) => a.location.uri).sort();
    assert.deepEqual(artifacts, ['Dockerfile', 'compose.yaml']);
  });

  it('a # volint ignore= comment above the entry silences the finding', () => {
    const path = join(dir, 'compose.yaml');
    const text = readFileSync(path, 'utf8').replace('      # expect: VOL020(warning)\n', '      # volint ignore=VOL020 -- the container runs npm install at start\n');
    writeFileSync(path, text);
    const result = runCli(['-f', 'json', 'compose.yaml'], { cwd: dir });
    assertNoCrash(result);
    const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; suppressed: unknown }> }> };
    const shown = report.files.flatMap((f) => f.findings).filter((f) => !f.suppressed);
    assert.deepEqual(shown.map((f) => f.ruleId), []);
  });
});

describe('VOL024 through the CLI: the fix for a missing bind source names the uid the image gives the user', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-compose-uid-');
  });
  afterEach(() => removeDir(dir));

  it('a number where volint knows the account, the name with the uid it means where it does not, a numeric user as written', () => {
    mkdirSync(join(dir, 'worker'));
    writeFileSync(join(dir, 'worker', 'Dockerfile'), 'FROM alpine:3.20\nRUN adduser -D -u 4001 pad\nUSER pad\n');
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  ci:\n    image: jenkins/jenkins:lts\n    volumes:\n      - ./jenkins_home:/var/jenkins_home\n  worker:\n    build: ./worker\n    volumes:\n      - ./jobs:/srv/jobs/data\n  gallery:\n    image: ghcr.io/example/gallery:3\n    user: gallery\n    volumes:\n      - ./uploads:/srv/uploads\n  numeric:\n    image: ghcr.io/example/gallery:3\n    user: "1000:1000"\n    volumes:\n      - ./cache:/srv/cache\n',
    );
    const result = runCli(['-f', 'json', 'compose.yaml'], { cwd: dir });
    assertNoCrash(result);
    const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number; explanation: string[] }> }> };
    const fixes = report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'VOL024').map((f) => [f.line, f.explanation.at(-1)!] as const);
    assert.deepEqual(fixes.map(([line]) => line), [5, 9, 14, 19]);
    const fix = new Map(fixes);
    // An official image's known account, and an account the Dockerfile makes with a uid: the number, and why.
    assert.match(fix.get(5)!, /\(mkdir -p \.\/jenkins_home && chown 1000 \.\/jenkins_home\)/);
    assert.match(fix.get(5)!, /jenkins is uid 1000 in the image; chown on the host looks a name up in the host's own accounts/);
    assert.match(fix.get(9)!, /chown 4001 \.\/jobs\)/);
    // An account volint cannot resolve: the name, and which uid is meant.
    assert.match(fix.get(14)!, /chown gallery \.\/uploads\)/);
    assert.match(fix.get(14)!, /Give it the uid gallery has in the image: chown on the host looks a name up/);
    // A number is already what the engine checks.
    assert.match(fix.get(19)!, /chown 1000 \.\/cache\), keep it in the repository \(a \.gitkeep file in it\), or use a named volume over a directory the image gives to 1000:1000\.$/);
  });
});
