/**
 * Classification of volume targets by picomatch glob lists. The defaults encode what the rules
 * document; configuration can extend or replace each list (`targets` in .volint.yaml).
 */
import { globListMatcher } from './glob-list.js';
import type { TargetClass } from './types.js';

export type TargetLists = Record<TargetClass, string[]>;

export const DEFAULT_TARGETS: TargetLists = {
  system: [
    '/', '/proc', '/proc/**', '/sys', '/sys/**', '/dev', '/dev/**', '/bin', '/sbin', '/lib', '/lib32', '/lib64',
    '/libx32', '/usr', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec',
    '/usr/local', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib', '/usr/share', '/etc', '/boot', '/run',
    '/var', '/var/lib', '/var/run', '/home', '/opt', '/srv', '/mnt', '/media',
  ],
  cache: [
    '/var/cache/apt', '/var/cache/apt/**', '/var/lib/apt/lists', '/var/lib/apt/lists/**', '/var/cache/apk',
    '/var/cache/dnf', '/var/cache/yum', '/var/cache/zypp', '/etc/apk/cache',
    '/root/.cache', '/root/.cache/**', '/home/*/.cache', '/home/*/.cache/**', '**/.npm', '**/.npm/**',
    '/go/pkg/mod', '/go/pkg/mod/**', '/root/go/pkg/mod', '**/.m2', '**/.m2/**', '**/.gradle', '**/.gradle/**',
    '/usr/local/share/.cache/**', '**/.yarn/cache', '**/.pnpm-store', '**/.pnpm-store/**',
    '/usr/local/cargo/registry', '/usr/local/cargo/registry/**', '**/.cargo/registry', '**/.cargo/registry/**',
    '**/.cache/pip', '**/.cache/go-build', '**/.composer/cache', '**/.nuget/packages', '**/.ivy2', '**/.sbt',
  ],
  config: ['/etc/**', '**/conf', '**/config', '**/*.conf', '**/conf.d', '**/*.cfg', '**/*.ini', '**/*.yaml', '**/*.yml'],
  static: [
    '/usr/share/nginx/html', '/usr/share/nginx/html/**', '/usr/local/apache2/htdocs', '/usr/local/apache2/htdocs/**',
    '/var/www', '/var/www/html', '**/static', '**/public', '**/assets', '**/htdocs', '**/wwwroot', '**/webroot',
  ],
  code: [
    '/app', '/usr/src/app', '/usr/src', '/src', '/code', '/opt/app', '/srv/app', '/home/*/app', '/workspace',
    '/go/src', '/go/src/**', '**/node_modules', '**/node_modules/**', '**/site-packages', '**/site-packages/**',
    '**/dist-packages', '**/dist-packages/**', '**/vendor', '**/vendor/**', '/usr/local/lib/python*',
    '/usr/local/lib/node_modules', '**/bin', '**/lib', '**/src',
  ],
  good: [
    '/data', '/data/**', '/var/log', '/var/log/**', '/tmp', '/tmp/**', '/var/tmp', '/var/tmp/**', '/var/lib/*',
    '/var/lib/*/**', '/var/spool/**', '/srv/*', '/srv/**/data', '**/data', '**/logs', '**/log', '**/uploads',
    '**/storage', '/home/*', '/mnt/*', '/media/*', '/opt/*/data', '/var/opt/**',
  ],
};

/** The order in which lists are asked: the first that matches classifies the path. */
export const CLASS_ORDER: readonly TargetClass[] = ['system', 'cache', 'config', 'static', 'code', 'good'];

/**
 * The `targets` setting of .volint.yaml as a rule's docs describe it (a `RuleOption`): the list of
 * `targetClass` decides which paths the rule judges as `counted` ("static web content").
 */
export function targetsOption(targetClass: TargetClass, counted: string): { setting: string; effect: string } {
  return {
    setting: `targets.${targetClass}`,
    effect:
      `The paths counted as ${counted} (picomatch globs over the absolute path): a list extends the defaults, \`{ replace: [...] }\` replaces them. ` +
      `A path takes the class of the first list that matches, asked in the order ${CLASS_ORDER.join(', ')}; paths added to \`targets.good\` are asked before every other list, so adding a path there keeps this rule from judging it as ${counted}.`,
  };
}

export interface TargetConfig {
  /** Lists that replace the defaults for their class. */
  replace?: Partial<TargetLists>;
  /** Lists added to the defaults; additions to `good` are asked before every other list. */
  extend?: Partial<TargetLists>;
}

export class TargetClassifier {
  /** Compiled on the first `classify`: most files declare no volume, and picomatch's compile was
   * about a millisecond of every start-up. The configuration checked its globs when it loaded. */
  private matchers: Array<[TargetClass, (path: string) => boolean]> | undefined;

  constructor(private readonly config: TargetConfig = {}) {}

  private compile(): Array<[TargetClass, (path: string) => boolean]> {
    const { config } = this;
    const matchers: Array<[TargetClass, (path: string) => boolean]> = [];
    const userGood = config.extend?.good ?? [];
    if (userGood.length > 0) matchers.push(['good', globListMatcher(userGood)]);
    for (const cls of CLASS_ORDER) {
      const base = config.replace?.[cls] ?? DEFAULT_TARGETS[cls];
      const extra = cls === 'good' ? [] : config.extend?.[cls] ?? [];
      const list = [...base, ...extra];
      if (list.length > 0) matchers.push([cls, globListMatcher(list)]);
    }
    return matchers;
  }

  /**
   * Answers by path: a class depends on the path and the configuration only, and the same volume
   * paths come back in file after file of a tree (each answer runs every list's globs).
   */
  private readonly known = new Map<string, TargetClass | null>();

  classify(path: string): TargetClass | null {
    const known = this.known.get(path);
    if (known !== undefined) return known;
    let found: TargetClass | null = null;
    for (const [cls, matches] of (this.matchers ??= this.compile())) {
      if (matches(path)) {
        found = cls;
        break;
      }
    }
    // Bounded: a long run over many trees forgets and starts again.
    if (this.known.size >= 4096) this.known.clear();
    this.known.set(path, found);
    return found;
  }
}
