/**
 * The short syntax of a service's `volumes:` entry, `[SOURCE:]TARGET[:MODE]`, split as Compose
 * splits it (compose-go format.ParseVolume): a colon after a single letter at the start of a part is
 * a Windows drive; `${…}` is never split; one or two characters are a target alone. A source that
 * starts with `.`, `/`, `~`, `\\` or a drive letter is a host path (a bind mount); any other source
 * names a volume.
 */

export interface ShortVolume {
  source: string | null;
  target: string;
  modes: string[];
  /** A host path source: Compose makes it a bind mount and creates the host path when missing. */
  bind: boolean;
}

export function isHostPathSource(source: string): boolean {
  if (source === '') return false;
  if (source[0] === '.' || source[0] === '/' || source[0] === '~') return true;
  if (source.startsWith('\\\\')) return true;
  return /^[A-Za-z]:/.test(source);
}

/** Parses a short-syntax entry; throws an Error whose message is the cause. */
export function parseShortVolume(spec: string): ShortVolume {
  if (spec.length === 0) throw new Error('empty volume entry');
  if (spec.length <= 2) return { source: null, target: spec, modes: [], bind: false };
  const parts: string[] = [];
  let buffer = '';
  let depth = 0;
  for (let i = 0; i <= spec.length; i++) {
    const c = i < spec.length ? spec[i]! : null;
    if (c === '$' && spec[i + 1] === '{') {
      depth++;
      buffer += c;
      continue;
    }
    if (c === '}' && depth > 0) {
      depth--;
      buffer += c;
      continue;
    }
    if (c === ':' && buffer.length === 1 && /[A-Za-z]/.test(buffer)) {
      buffer += c;
      continue;
    }
    if ((c === ':' || c === null) && depth === 0) {
      if (buffer.length === 0) throw new Error(`invalid volume ${JSON.stringify(spec)}: empty section between colons`);
      parts.push(buffer);
      buffer = '';
      continue;
    }
    buffer += c;
  }
  if (parts.length > 3) throw new Error(`invalid volume ${JSON.stringify(spec)}: too many colons`);
  if (parts.length === 1) return { source: null, target: parts[0]!, modes: [], bind: false };
  const source = parts[0]!;
  const modes = parts[2] ? parts[2].split(',').map((m) => m.trim()).filter((m) => m !== '') : [];
  return { source, target: parts[1]!, modes, bind: isHostPathSource(source) };
}
