#!/usr/bin/env node
// A seeded generator of realistic Dockerfiles for the benchmark.
//
//   node bench/corpus.mjs [--files N] [--seed S] [--out DIR]
//
// Same seed and count → byte-identical files. The corpus is written to bench/corpus/n<N>-s<S>/
// (git-ignored), one project directory per file, grouped by hundreds, with the file names users
// really have (Dockerfile, Dockerfile.dev, api.Dockerfile, Containerfile). Shapes follow the
// hand-written corpus in fixtures/corpus: multi-stage builds, long RUN chains with continuations,
// heredocs, ARG/ENV, VOLUME in about a quarter of the files (some with the mistakes volint exists
// to catch), sizes from 10 to 600 lines and a few very large files.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_VERSION = 4;
const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: small, fast, and good enough to shape test data. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const BASES = [
  ['debian', ['bookworm-slim', 'bullseye', '12']], ['ubuntu', ['22.04', '24.04', 'jammy']], ['alpine', ['3.19', '3.20', 'latest']],
  ['node', ['20-alpine', '20-bookworm-slim', '22']], ['python', ['3.12-slim', '3.11-slim-bookworm', '3.12-alpine']],
  ['golang', ['1.22-alpine', '1.23', '1.22-bookworm']], ['eclipse-temurin', ['21-jre', '17-jdk']], ['rust', ['1.79-slim', '1.80']],
  ['postgres', ['16', '15-alpine']], ['mysql', ['8.0', '8.4']], ['redis', ['7-alpine', '7.2']], ['nginx', ['1.27-alpine', 'stable']],
  ['ruby', ['3.3-slim', '3.2']], ['php', ['8.3-fpm', '8.2-apache']], ['mcr.microsoft.com/dotnet/aspnet', ['8.0']],
  ['gcr.io/distroless/static-debian12', ['nonroot', 'latest']], ['registry.example.com/platform/base', ['2024.06', 'stable']],
];
const APT = ['ca-certificates', 'curl', 'git', 'gnupg', 'tini', 'libpq5', 'libpq-dev', 'build-essential', 'pkg-config', 'libssl-dev', 'unzip', 'jq', 'locales', 'tzdata', 'openssh-client', 'python3', 'python3-pip', 'libxml2-dev', 'zlib1g-dev', 'gosu', 'procps', 'netcat-openbsd', 'xz-utils', 'file', 'less'];
const APK = ['ca-certificates', 'curl', 'git', 'bash', 'tini', 'su-exec', 'postgresql-client', 'openssl', 'tzdata', 'build-base', 'musl-dev', 'libffi-dev', 'jq', 'shadow'];
const PIP = ['gunicorn', 'uvicorn[standard]', 'psycopg[binary]', 'django==5.0.6', 'flask', 'celery[redis]', 'requests', 'pydantic', 'sqlalchemy', 'alembic', 'boto3'];
const NAMES = ['api', 'web', 'worker', 'gateway', 'billing', 'search', 'auth', 'ingest', 'reports', 'scheduler', 'notifier', 'media', 'catalog', 'ledger', 'proxy'];
const DATA_DIRS = ['/var/lib/postgresql/data', '/data', '/var/lib/mysql', '/srv/uploads', '/var/cache/app', '/var/log/app', '/opt/app/storage', '/home/app/.cache', '/var/lib/redis', '/usr/share/nginx/html', '/tmp/work', '/var/lib/app'];
const PORTS = [80, 443, 3000, 5000, 5432, 6379, 8000, 8080, 8443, 9000, 9090];
const FILE_NAMES = ['Dockerfile', 'Dockerfile', 'Dockerfile', 'Dockerfile', 'Dockerfile.dev', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile'];

function image(r) {
  const [name, tags] = r.pick(BASES);
  return r.chance(0.1) ? name : `${name}:${r.pick(tags)}`;
}

/**
 * The share of chain steps with a construct the fast shell parser leaves to tree-sitter: with 0.1
 * it takes about 30% of the RUN text, as on the real files of ../shared/corpus (29.5%); generator
 * version 3, without them, gave it 99.9%.
 */
const ODD_STEPS = 0.1;

function chain(r, minLines, maxLines) {
  // A long RUN chain with continuations: the shape that dominates real Dockerfiles.
  const lines = r.int(minLines, maxLines);
  const apk = r.chance(0.3);
  const out = [r.pick(['RUN set -eux; \\', 'RUN set -ex && \\', 'RUN \\'])];
  const steps = [];
  if (apk) steps.push(`apk add --no-cache ${Array.from({ length: r.int(2, 6) }, () => r.pick(APK)).join(' ')}`);
  else steps.push('apt-get update', `apt-get install -y --no-install-recommends ${Array.from({ length: r.int(2, 6) }, () => r.pick(APT)).join(' ')}`);
  while (steps.length < lines - 2) {
    switch (r.chance(ODD_STEPS) ? r.int(10, 13) : r.int(0, 9)) {
      case 0: steps.push(`curl -fsSL https://downloads.example.com/${r.pick(NAMES)}/v${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}/release.tar.gz -o /tmp/release.tar.gz`); break;
      case 1: steps.push(`tar -xzf /tmp/release.tar.gz -C /opt/${r.pick(NAMES)} --strip-components=1`); break;
      case 2: steps.push(`mkdir -p ${r.pick(DATA_DIRS)} /run/${r.pick(NAMES)}`); break;
      case 3: steps.push(`chown -R ${r.pick(['app', '1000', 'nobody', 'www-data'])}:${r.pick(['app', '1000', 'nogroup'])} ${r.pick(DATA_DIRS)}`); break;
      case 4: steps.push(`echo "${r.pick(['export PATH=/opt/bin:$PATH', 'ulimit -n 65536', 'umask 0027'])}" >> /etc/profile.d/${r.pick(NAMES)}.sh`); break;
      case 5: steps.push(`pip install --no-cache-dir ${r.pick(PIP)} ${r.pick(PIP)}`); break;
      case 6: steps.push(`sed -i 's/^#\\?\\(listen_addresses\\).*/\\1 = '"'"'*'"'"'/' /etc/${r.pick(NAMES)}.conf`); break;
      case 7: steps.push(`groupadd -r app && useradd -r -g app -d /home/app -s /sbin/nologin app`); break;
      case 8: steps.push(`if [ "$TARGETARCH" = "arm64" ]; then ARCH=aarch64; else ARCH=x86_64; fi`); break;
      // What real official-image scripts hold beside simple commands (../shared/corpus): case on
      // the architecture, parameter expansions with operators, negated commands, escapes in
      // strings, while loops, find -exec, functions. The fast shell parser leaves each of them to
      // tree-sitter, as it does in real files.
      case 10: steps.push(`case "$(dpkg --print-architecture)" in amd64) ARCH=x64 ;; arm64) ARCH=arm64 ;; *) echo "unsupported architecture" >&2; exit 1 ;; esac`); break;
      case 11: steps.push(r.pick([
        `: "\${${r.pick(['APP', 'RELEASE', 'PKG'])}_VERSION:?set it with --build-arg}"`,
        `export GNUPGHOME="\${GNUPGHOME:-$(mktemp -d)}"`,
        `VERSION="\${APP_VERSION%%-*}" && echo "$VERSION" > /etc/${r.pick(NAMES)}.version`,
      ])); break;
      case 12: steps.push(r.pick([
        `! command -v ${r.pick(['python3', 'node', 'java'])} || ${r.pick(['python3', 'node', 'java'])} --version`,
        `sed -ri "s!^#?(${r.pick(['listen', 'bind'])})\\s*=.*!\\1 = 0.0.0.0!" /etc/${r.pick(NAMES)}.conf`,
        `find /usr/local -depth \\( -type d -name test -o -name '*.pyc' \\) -exec rm -rf '{}' +`,
      ])); break;
      case 13: steps.push(r.pick([
        `while read -r pkg; do echo "$pkg"; done < /etc/${r.pick(NAMES)}/packages.txt`,
        `fetch() { curl -fsSL "$1" -o "$2"; }; fetch https://downloads.example.com/${r.pick(NAMES)}.tgz /tmp/${r.pick(NAMES)}.tgz`,
        `for f in /etc/${r.pick(NAMES)}/*.conf; do [ -f "$f" ] && sed -i 's/a/b/' "$f"; done`,
      ])); break;
      default: steps.push(`rm -rf /tmp/* /var/tmp/*`); break;
    }
  }
  steps.push(apk ? 'rm -rf /var/cache/apk/*' : 'rm -rf /var/lib/apt/lists/*');
  const sep = out[0].startsWith('RUN set -eux') ? ';' : ' &&';
  steps.forEach((s, i) => out.push(`    ${s}${i === steps.length - 1 ? '' : `${sep} \\`}`));
  return out;
}

function heredoc(r) {
  if (r.chance(0.5)) {
    const body = [];
    for (let i = r.int(2, 12); i > 0; i--) body.push(r.pick([`  mkdir -p ${r.pick(DATA_DIRS)}`, `  echo "building ${r.pick(NAMES)}"`, `  touch /etc/${r.pick(NAMES)}.ready`, '  apt-get update && apt-get install -y jq', `  chmod 0750 ${r.pick(DATA_DIRS)}`]));
    const opener = r.pick(['RUN <<EOF', 'RUN <<-EOT', 'RUN bash <<EOF']);
    return [opener, 'set -e', ...body, opener.includes('EOT') ? 'EOT' : 'EOF'];
  }
  const body = [];
  for (let i = r.int(2, 10); i > 0; i--) body.push(`${r.pick(['listen', 'worker_processes', 'log_level', 'max_connections', 'data_dir'])} = ${r.pick(['8080', 'auto', 'info', '200', '"/data"'])}`);
  return [`COPY <<EOF /etc/${r.pick(NAMES)}/config.toml`, ...body, 'EOF'];
}

function volume(r, workdir) {
  const dir = r.pick(DATA_DIRS);
  const form = r.int(0, 19);
  if (form < 9) return [`VOLUME ["${dir}"]`];
  if (form < 13) return [`VOLUME ${dir}`];
  if (form < 15) return [`VOLUME ["${dir}", "${r.pick(DATA_DIRS)}"]`];
  if (form === 15) return [`VOLUME ['${dir}']`]; // VOL001
  if (form === 16) return [`VOLUME ${workdir ? 'data' : './data'}`]; // VOL003
  if (form === 17) return [`VOLUME ./data:${dir}`]; // VOL002
  if (form === 18) return [`VOLUME \${DATA_DIR:-${dir}}`];
  return [`VOLUME [ "${dir}" , \\`, `         "/var/log/${r.pick(NAMES)}" ]`];
}

function stage(r, index, total, wantVolume, names, budget) {
  const lines = [];
  const name = index < total - 1 ? r.pick(['builder', 'deps', 'build', 'assets', 'compile', 'base']) + (index || '') : r.pick(['runtime', 'final', 'app', 'release']);
  const base = index > 0 && r.chance(0.35) ? names[r.int(0, names.length - 1)] : r.chance(0.15) ? '${BASE_IMAGE}' : image(r);
  lines.push(`FROM ${r.chance(0.1) ? '--platform=$BUILDPLATFORM ' : ''}${base}${total > 1 || r.chance(0.3) ? ` AS ${name}` : ''}`);
  names.push(name);
  if (r.chance(0.4)) lines.push(`ARG ${r.pick(['VERSION', 'APP_VERSION', 'TARGETARCH', 'BUILD_ID', 'GIT_SHA'])}${r.chance(0.5) ? `=${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 9)}` : ''}`);
  if (r.chance(0.6)) {
    const env = [`ENV ${r.pick(['APP_HOME', 'APP_ROOT'])}=/opt/${r.pick(NAMES)} \\`];
    for (let i = r.int(1, 5); i > 0; i--) {
      const [key, value] = r.pick([['LANG', 'C.UTF-8'], ['PYTHONUNBUFFERED', '1'], ['NODE_ENV', 'production'], ['PORT', String(r.pick(PORTS))], ['DATA_DIR', r.pick(DATA_DIRS)], ['TZ', 'UTC'], ['PIP_NO_CACHE_DIR', 'off']]);
      env.push(`    ${key}=${value} \\`);
    }
    env[env.length - 1] = env[env.length - 1].slice(0, -2);
    lines.push(...env);
  }
  const workdir = r.chance(0.7) ? `/opt/${r.pick(NAMES)}` : null;
  if (workdir) lines.push(`WORKDIR ${workdir}`);
  let volumeAt = wantVolume ? r.int(1, 4) : -1;
  let block = 0;
  while (lines.length < budget) {
    if (block === volumeAt) {
      lines.push(...volume(r, workdir));
      if (r.chance(0.5)) lines.push(`RUN touch ${r.pick(DATA_DIRS)}/.initialised && chown -R app:app ${r.pick(DATA_DIRS)}`);
      volumeAt = -1;
    }
    block++;
    const kind = r.int(0, 19);
    if (kind < 8) lines.push(...chain(r, 3, Math.max(4, Math.min(40, budget - lines.length))));
    else if (kind < 10) lines.push(...heredoc(r));
    else if (kind < 13) lines.push(`COPY ${r.chance(0.3) ? `--from=${names[0]} ` : ''}${r.chance(0.3) ? '--chown=app:app ' : ''}${r.pick(['.', 'src/', 'package*.json', 'requirements.txt', 'go.mod go.sum', 'target/app.jar'])} ${r.pick(['./', '/app/', '/opt/app/', '/usr/local/bin/'])}`);
    else if (kind < 14) lines.push(`RUN --mount=type=cache,target=/root/.cache ${r.pick(['pip install -r requirements.txt', 'go build -o /out/app ./cmd/app', 'npm ci --omit=dev', 'cargo build --release'])}`);
    else if (kind < 15) lines.push(`LABEL org.opencontainers.image.${r.pick(['title', 'source', 'version', 'vendor'])}="${r.pick(NAMES)}" \\`, `      maintainer="team-${r.pick(NAMES)}@example.com"`);
    else if (kind < 16) lines.push('', `# ${r.pick(['Install runtime dependencies', 'Build the application', 'Prepare the data directory', 'Drop privileges'])}`);
    else if (kind < 17) lines.push(`USER ${r.pick(['app', '1000', 'nobody', 'root', 'www-data:www-data'])}`);
    else if (kind < 18) lines.push(`ADD ${r.pick(['https://example.com/tool.tar.gz', 'vendor.tar.gz', 'config/'])} ${r.pick(['/tmp/', '/opt/vendor/', '/etc/app/'])}`);
    else if (kind < 19 || r.chance(0.5)) lines.push(`ENV PATH="/opt/${r.pick(NAMES)}/bin:$PATH"`);
    else lines.push(`ONBUILD ${r.pick(['COPY . /app/src', 'RUN make -C /app/src', 'RUN make -C /app/src install', 'COPY requirements.txt /app/', 'VOLUME /data'])}`);
  }
  if (index === total - 1) {
    if (r.chance(0.6)) lines.push(`EXPOSE ${r.pick(PORTS)}`);
    if (r.chance(0.3)) lines.push(`HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:${r.pick(PORTS)}/health || exit 1`);
    if (r.chance(0.5)) lines.push(`ENTRYPOINT ["${r.pick(['tini', '/usr/bin/tini', 'docker-entrypoint.sh'])}", "--"]`);
    lines.push(`CMD ${r.chance(0.8) ? `["${r.pick(['/usr/local/bin/app', 'gunicorn', 'node', 'java'])}", "${r.pick(['serve', 'server.js', '-jar', 'config.wsgi'])}"]` : `${r.pick(NAMES)} --port ${r.pick(PORTS)}`}`);
  }
  return lines;
}

/** One Dockerfile; `index` and the corpus seed decide everything. */
export function dockerfile(seed, index) {
  const r = rng((seed * 1_000_003 + index * 7_919) >>> 0);
  // Sizes: mostly small (real projects), a long tail to 600 lines, about 1 in 500 very large.
  let target;
  const roll = r.next();
  if (roll < 0.002) target = r.int(1500, 3500);
  else if (roll < 0.45) target = r.int(10, 40);
  else if (roll < 0.8) target = r.int(40, 120);
  else if (roll < 0.95) target = r.int(120, 300);
  else target = r.int(300, 600);
  const lines = [];
  if (r.chance(0.2)) lines.push('# syntax=docker/dockerfile:1');
  if (r.chance(0.5)) lines.push(`# ${r.pick(NAMES)} service image — built by CI, see docs/build.md`);
  if (r.chance(0.3)) lines.push(`ARG BASE_IMAGE=${image(r)}`);
  if (r.chance(0.2)) lines.push(`ARG VERSION=${r.int(1, 5)}.${r.int(0, 20)}.${r.int(0, 9)}`);
  const stages = target < 25 ? 1 : r.int(1, target > 200 ? 5 : 3);
  const withVolume = r.chance(0.25);
  const volumeStage = stages - 1 - (r.chance(0.2) && stages > 1 ? 1 : 0);
  const names = [];
  for (let s = 0; s < stages; s++) {
    const budget = Math.max(3, Math.floor((target - lines.length) / (stages - s)));
    const body = stage(r, s, stages, withVolume && s === volumeStage, names, budget);
    lines.push(...(s > 0 ? ['', ...body] : body));
  }
  return lines.join('\n') + '\n';
}

export function fileName(seed, index) {
  const r = rng((seed * 31 + index * 104_729) >>> 0);
  const name = r.pick(FILE_NAMES);
  return join(`g${String(Math.floor(index / 100)).padStart(3, '0')}`, `${r.pick(NAMES)}-${String(index).padStart(5, '0')}`, name);
}

/** Writes the corpus (unless the same one is already there) and returns its directory. */
export function generateCorpus({ files = 5000, seed = 1, out } = {}) {
  const dir = resolve(out ?? join(here, 'corpus', `n${files}-s${seed}`));
  const stampPath = join(dir, '.corpus.json');
  // The stamp names this generator's own source: any edit to it regenerates the corpus.
  const source = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
  const stamp = JSON.stringify({ generator: GENERATOR_VERSION, source, files, seed });
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const path = join(dir, fileName(seed, i));
    mkdirSync(dirname(path), { recursive: true });
    const text = dockerfile(seed, i);
    bytes += text.length;
    writeFileSync(path, text);
  }
  writeFileSync(stampPath, stamp);
  process.stderr.write(`corpus: ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${dir}\n`);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const dir = generateCorpus({ files: Number(option('--files', 5000)), seed: Number(option('--seed', 1)), out: option('--out', undefined) });
  process.stdout.write(dir + '\n');
}
