/**
 * Who owns what a volume holds, as far as the model knows: the owners (or modes) that the steps of
 * the stage chain gave the volume's directory and everything in it, as they stand when a later step
 * runs under a builder that discards RUN changes there. VOL004 reads it to tell a chown or chmod that
 * changes something a builder can lose from one that restates what everything there already has.
 */
import { baseImageContent } from './evidence.js';
import { isWithin } from './paths.js';
import { effectsBefore, EVIDENCE_CHAIN_STAGES, stageChain } from './query.js';
import type { PathEffect, Stage, Volume } from './types.js';

/** The user part of an owner (`app:app` → `app`; `:grp` → null). */
export function ownerUser(setting: string): string | null {
  const user = setting.split(/[:.]/)[0] ?? '';
  return user === '' ? null : user;
}

/** The uids (as written) of the accounts useradd/adduser made in the stage chain, by name. */
export function accountUids(stage: Stage): Map<string, string> {
  const uids = new Map<string, string>();
  for (const s of stageChain(stage, EVIDENCE_CHAIN_STAGES)) {
    for (const account of s.accounts) if (account.uid !== undefined && !uids.has(account.user)) uids.set(account.user, account.uid);
  }
  return uids;
}

/**
 * Whether the owner `after` (`jenkins`, `app:app`) restates `before` (`1000:1000`): the same
 * account, by name or by the uid useradd gave it, and no other group.
 */
export function sameOwner(before: string, after: string, uids: Map<string, string>): boolean {
  const [beforeUser = '', beforeGroup] = before.split(/[:.]/);
  const [afterUser = '', afterGroup] = after.split(/[:.]/);
  // root is uid and gid 0.
  const id = (user: string): string => (user === 'root' ? '0' : uids.get(user) ?? user);
  if (afterUser === '' || id(afterUser) !== id(beforeUser)) return false;
  return afterGroup === undefined || afterGroup === '' || (beforeGroup !== undefined && (afterGroup === 'root' ? '0' : afterGroup) === (beforeGroup === 'root' ? '0' : beforeGroup));
}

/** RUN commands that keep the owners the files had (an archive's, the source's): who runs them says nothing. */
const KEEPS_OWNERS = /^RUN (tar|bsdtar|cp|mv|rsync|cpio|unzip|7z|install)\b/;

/** Steps that builders keep under a volume: COPY and ADD (RUN changes after the VOLUME are what they lose). */
const KEPT_BY_EVERY_BUILDER = /^(COPY|ADD)\b/;

export interface VolumeSettings {
  /**
   * The owner (chown) or mode (chmod) of the volume's directory; null when unknown; undefined when
   * no step makes the directory (the builder makes the mount point, owned by root).
   */
  directory: string | null | undefined;
  /** The owners (modes) of what steps put in the volume. */
  content: string[];
  /** Something in the volume may have an owner (mode) volint does not know, and why. */
  unknown: string | null;
}

/**
 * What owns (for `chown`) or which mode has (for `chmod`) everything the volume holds in the image
 * when `step` runs, under a builder that discards RUN changes in the volume: the steps before the
 * VOLUME, and COPY/ADD after it (every builder keeps those). The base image's content at the path
 * counts as unknown unless the stage chain starts from scratch or a step of the file makes the
 * directory (`mkdir -p /app/uploads`: the file creates it, the base image does not ship it). A
 * recursive chown/chmod covering the volume gives everything in it the same setting; a step whose
 * owner volint cannot know (an archive extracted as root keeps the archive's owners, a package
 * install, a COPY --from without --chown) leaves an unknown.
 */
export function volumeSettingsAt(stage: Stage, volume: Volume, step: PathEffect, kind: 'chown' | 'chmod'): VolumeSettings {
  const declaredAt = volume.item?.owner.instruction.index ?? volume.since;
  const path = volume.path;
  const events = effectsBefore(stage, path, step.instruction.index).filter((e) => e.instruction.index < declaredAt || KEPT_BY_EVERY_BUILDER.test(e.command));
  const chain = stageChain(stage, EVIDENCE_CHAIN_STAGES);
  const userAt = (e: PathEffect): string | null => {
    for (const s of chain) if (s.effects.includes(e)) return s.userAt.get(e.instruction.index) ?? null;
    return null;
  };
  /** The owner a file gets from the user a step runs as: root's files are root:root. */
  const runOwner = (e: PathEffect): string | null => {
    if (kind === 'chmod') return null;
    if (e.account) return e.account.user;
    const user = userAt(e);
    if (user === null) return null;
    return user === '' || user === 'root' || user === '0' || user === 'root:root' || user === '0:0' ? '0:0' : user;
  };
  /** The --chown/--chmod value of a COPY/ADD; without --chown, COPY from the build context makes files root's. */
  const copySetting = (e: PathEffect): string | null => {
    for (const s of chain) {
      const flag = s.effects.find((o) => o.instruction === e.instruction && o.kind === kind && o.setting !== undefined);
      if (flag?.setting !== undefined) return flag.setting;
    }
    return kind === 'chown' && e.command === 'COPY' && !e.from ? '0:0' : null;
  };
  const root = chain[chain.length - 1]!.base;
  // A step that makes the directory or copies the file's own files into it (`mkdir -p /app/uploads`,
  // `COPY seed/ /app/uploads/`): the directory is the file's, not the base image's.
  const makesDirectory = (e: PathEffect): boolean =>
    ((e.kind === 'mkdir' || e.kind === 'workdir' || e.account !== undefined) && (e.path === path || (isWithin(e.path, path) && (e.parents === true || e.kind === 'workdir')))) ||
    (e.kind === 'copy' && isWithin(e.path, path));
  let directory: string | null | undefined;
  const content: Array<string | null> = [];
  let unknown: string | null = null;
  if ((root.kind !== 'scratch' && !events.some(makesDirectory)) || baseImageContent(stage, path) !== null) {
    directory = null;
    unknown = 'the base image may have files there';
  }
  for (const e of events) {
    if (e.kind === 'mkdir' || e.kind === 'workdir' || e.account) {
      const owner = e.kind === 'workdir' && runOwner(e) !== '0:0' ? null : runOwner(e);
      if (makesDirectory(e) && directory === undefined) directory = owner;
      if (e.path !== path && isWithin(e.path, path)) content.push(owner);
    } else if (e.kind === 'copy') {
      const owner = copySetting(e);
      if (e.path === path && directory === undefined) directory = owner;
      content.push(owner);
    } else if (e.kind === 'write') {
      content.push(KEEPS_OWNERS.test(e.command) ? null : runOwner(e));
    } else if (e.kind === kind && !KEPT_BY_EVERY_BUILDER.test(e.command)) {
      // A chown/chmod step (a COPY --chown is the copy's, above).
      const setting = e.setting ?? null;
      const sure = e.certainty === 'certain' && e.pattern === undefined && setting !== null;
      if (e.recursive && sure) {
        directory = setting;
        content.length = 0;
        unknown = null;
      } else if (e.path === path && !e.recursive) {
        directory = sure ? setting : null;
      } else {
        // A glob or an uncertain step: it may or may not have changed what is there.
        if (e.path === path || isWithin(path, e.path)) directory = directory === setting ? directory : null;
        content.push(setting);
      }
    }
  }
  if (content.includes(null) && unknown === null) unknown = 'a step put files there whose owner volint does not know';
  return { directory, content: content.filter((c): c is string => c !== null), unknown };
}
