/**
 * Bind sources outside the project, under the home directory of whoever runs Compose (`~/.myapp/data`,
 * `${HOME}/.myapp/postgres`, or a variable whose value is such a path: `${DATA_PATH_HOST}/grafana` with
 * `DATA_PATH_HOST=~/.stack/data` in the project's `.env` or env template).
 *
 * volint cannot look at that machine, but it can tell where the path is the project's own: a directory
 * named for the project (`~/.laradock/…` in a project named laradock) or for data (`~/.app/data/…`,
 * `~/trilium-data`). Such a directory exists only where the stack (or someone preparing for it) made it
 * before: on a fresh machine it does not, and the engine creates it at `up` as root with mode 755, the
 * missing parents too (reproduced with docker-compose 1.29 under a HOME of a temporary directory).
 *
 * The user's own directories are left out: what exists on every developer machine or belongs to the user
 * and their tools (`~/.ssh`, `~/.aws`, `~/.gitconfig`, `~/.m2`, `~/.config/…`, `~/.local/…`, `~/.docker`,
 * `~/.kube`, `~/.npm`, `~/.cache`, `~/Documents`, `~/Pictures` …), files (a last segment with an
 * extension: the engine makes a directory there, a failure of another kind), and paths named for neither
 * the project nor data (`~/notebooks`: the user's own work, which may well exist).
 */
import { DATA_WORD, pathWords } from './query.js';

/** Why volint takes a path under the home directory for the project's own. */
export interface HomeBindReason {
  kind: 'project' | 'service' | 'data';
  /** The directory (a segment of the path) that is named so: `.laradock`, `data`. */
  segment: string;
}

/** A bind source under the home directory that a fresh machine does not have (ComposeMount.hostFresh). */
export interface FreshHomePath {
  /** The path as written from the home directory: `~/.laradock/data/grafana`. */
  display: string;
  reason: HomeBindReason;
  /**
   * The variable whose value put the path under the home directory, with its value and where that value is
   * written (`.env`, the env template volint read in its place, or the default in the compose file).
   */
  variable: { name: string; value: string; origin: string } | null;
}

/**
 * The first directory below the home directory (without its leading dot, lower case) of the user's own
 * things and their tools' settings and caches: present on a developer's machine, or the user's to make.
 */
const USER_OWN = new Set([
  'ssh', 'aws', 'azure', 'gcloud', 'config', 'local', 'cache', 'docker', 'kube', 'minikube', 'm2', 'gradle', 'ivy2', 'sbt', 'npm', 'npmrc',
  'yarn', 'yarnrc', 'pnpm-store', 'nvm', 'node-gyp', 'cargo', 'rustup', 'pyenv', 'conda', 'pip', 'pypirc', 'virtualenvs', 'rbenv', 'gem', 'bundle',
  'composer', 'nuget', 'dotnet', 'gnupg', 'gitconfig', 'git-credentials', 'netrc', 'vscode', 'vscode-server', 'cursor', 'idea', 'bashrc',
  'bash-history', 'bash_history', 'zshrc', 'zsh_history', 'profile', 'vim', 'vimrc', 'tmux', 'tmux.conf', 'terraform.d', 'ansible', 'helm',
  'android', 'gsutil', 'oci', 'ollama', 'huggingface', 'git', 'go', 'bin', 'tmp',
  'documents', 'downloads', 'desktop', 'music', 'pictures', 'photos', 'videos', 'movies', 'public', 'library', 'applications',
]);

/** Words of a project's name that name no project: they do not tie a directory to it. */
const GENERIC = new Set([
  'docker', 'compose', 'app', 'apps', 'stack', 'stacks', 'deploy', 'deployment', 'dev', 'develop', 'development', 'local', 'prod', 'production',
  'self', 'host', 'hosted', 'selfhost', 'selfhosted', 'server', 'service', 'services', 'main', 'master', 'src', 'config', 'home', 'the', 'infra',
  'setup', 'env', 'test', 'tests', 'example', 'examples', 'demo', 'data', 'my', 'web', 'api', 'project', 'repo', 'tools', 'build', 'site',
]);

/** The words of a name that may name a project: longer than two letters, not generic. */
function nameWords(name: string): string[] {
  return pathWords(name)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 2 && !GENERIC.has(w));
}

/**
 * Why the path below the home directory (`rest`: `.laradock/data/grafana`, without `~/`) is the project's
 * own, or null: a directory named for the project (a word of `projectNames`), else the directory directly under
 * the home directory named for a service of the project (`serviceNames`: `~/.memos` for a service memos or an
 * image `neosmemo/memos`, `~/invokeai` for the image invokeai: the program's own state), else one named for data. A bare `~/data` does not count for data (it may be anyone's);
 * `~/app-data`, `~/.data`, `~/x/data` do.
 */
export function homeBindReason(rest: string, projectNames: readonly string[], serviceNames: readonly string[] = []): HomeBindReason | null {
  const segments = rest.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return null;
  if (USER_OWN.has(segments[0]!.replace(/^\./, '').toLowerCase())) return null;
  const last = segments.at(-1)!;
  // A file: the engine makes a directory in its place, another failure than this one.
  if (/[^.]\.[A-Za-z0-9]{1,8}$/.test(last) && !/\.d$/.test(last)) return null;
  const project = new Set(projectNames.flatMap(nameWords));
  for (const segment of segments) {
    if (nameWords(segment).some((w) => project.has(w))) return { kind: 'project', segment };
  }
  const first = segments[0]!;
  const service = new Set(serviceNames.map((n) => n.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((n) => n.length > 2 && !GENERIC.has(n)));
  if (service.has(first.replace(/^\./, '').toLowerCase().replace(/[^a-z0-9]/g, ''))) return { kind: 'service', segment: first };
  for (const segment of segments) {
    const words = pathWords(segment);
    if (words.some((w) => DATA_WORD.test(w)) && (segments.length > 1 || segment.startsWith('.') || words.length > 1)) return { kind: 'data', segment };
  }
  return null;
}

/** The part of `path` below the home directory (`.laradock/data`), written with `~/` or under `home`; null otherwise. */
export function belowHome(path: string, home: string): string | null {
  if (path.startsWith('~/')) return path.slice(2);
  const base = home.replace(/\/+$/, '');
  return base !== '' && path.startsWith(`${base}/`) ? path.slice(base.length + 1) : null;
}
