/**
 * `volint model compose.yaml`: the Compose model for people (text) and programs (JSON, versioned).
 * Per service: the image behind it, who the process runs as, what it starts, what its configuration
 * and build say about where it keeps data, and every mount point of its containers with what covers
 * it (for a bind, what the host holds: a dependency directory, directories where the build puts
 * files), what the image holds there and which Dockerfile steps put it there. Facts behind the wording: ../shared/volume-semantics.md §5 and §7.
 */
import { basename } from 'node:path';
import { deploymentEvidence, developmentFile, developmentStack, keptData } from '../compose/query.js';
import type { ComposeModel, ComposeMount, ComposeService, ImageContentAt, OperationSetting, ServiceImage, SourceLocation, StartRestore } from '../compose/types.js';

function at(location: SourceLocation | null): string {
  return location ? `${location.file}:${location.range.start.line + 1}:${location.range.start.character + 1}` : '';
}

function imageText(image: ServiceImage): string {
  switch (image.kind) {
    case 'build': {
      const b = image.build;
      const stage = image.stage;
      const args = [...b.args].map(([k, v]) => `${k}=${v}`);
      return [
        image.link ? `image ${image.link.image}, not built by this service; modelled from ${b.dockerfile} because ${image.link.text}` : `built from ${b.dockerfile}${b.context ? '' : ` (context ${b.contextRaw})`}`,
        `stage ${stage.name ? `"${stage.name}"` : stage.index}${b.target ? ' (build.target)' : ' (the last)'}`,
        args.length > 0 ? `args ${args.join(' ')}` : '',
        image.image && !image.link ? `tagged ${image.image}` : '',
      ].filter((s) => s !== '').join(', ');
    }
    case 'catalog':
      return `image ${image.ref.raw}, known from the catalogue (${image.info.source}): its volumes and user, not its files`;
    case 'unknown':
      return `unknown: ${image.reason}`;
  }
}

const COVER_TEXT: Record<ComposeMount['cover'], string> = {
  bind: 'bind mount',
  'named-volume': 'named volume',
  'anonymous-volume': 'anonymous volume',
  'image-volume': 'anonymous volume for an image VOLUME (not mounted by the service)',
  tmpfs: 'tmpfs',
  npipe: 'named pipe',
  image: 'image mount',
  'volumes-from': 'from volumes_from',
};

/** Whether the host path exists now, and what Compose does when it does not. */
function bindState(mount: ComposeMount): string {
  if (mount.hostExists === true && mount.hostDependencies) return ` (exists: the host's dependency directory, \`${mount.hostDependencies.command}\` makes it, ${basename(mount.hostDependencies.manifest)} beside it)`;
  if (mount.hostExists === true) return ' (exists)';
  if (mount.hostExists === false && mount.hostMadeBy) return ` (missing now: \`${mount.hostMadeBy.command}\` makes it, ${basename(mount.hostMadeBy.manifest)} beside it)`;
  if (mount.hostExists === false && mount.hostPreparedBy) {
    const step = mount.hostPreparedBy;
    const placed = step.placedIn ? `${basename(step.script)}:${step.placedIn.line} puts the compose file in ${step.placedIn.directory}, and ` : '';
    return ` (missing now: ${placed}${basename(step.script)}:${step.line} makes it${step.placedIn ? ' there' : ''} and runs ${step.kind} ${step.setting} on it; else Compose creates it at \`up\`, root-owned)`;
  }
  if (mount.hostExists === false && mount.hostWrittenBy) return ` (missing now: ${basename(mount.hostWrittenBy.script)}:${mount.hostWrittenBy.line} writes the file there (\`${mount.hostWrittenBy.command}\`); else Compose creates a directory at \`up\`, root-owned)`;
  if (mount.hostExists === false && mount.hostPreparedByJob) {
    const job = mount.hostPreparedByJob;
    const made = job.above !== undefined ? `service ${job.service}, which this service waits for and binds the directory above it at ${job.above}, makes it there` : `Compose creates it root-owned for service ${job.service}, which this service waits for`;
    return ` (missing now: ${made}, and its command runs ${job.kind} ${job.setting} on ${job.target} (line ${job.location.range.start.line + 1}))`;
  }
  if (mount.hostExists === false) return mount.createHostPath ? ' (missing now: Compose creates it at `up`, root-owned)' : ' (missing now: the engine refuses the mount)';
  if (mount.hostFresh) {
    const fresh = mount.hostFresh;
    const why = `under the home directory, in ${fresh.reason.segment}, named for ${fresh.reason.kind === 'project' ? 'the project' : fresh.reason.kind === 'service' ? 'a service of the project' : 'data'}: a fresh machine lacks it`;
    if (mount.hostPreparedBy) return ` (${why}; ${basename(mount.hostPreparedBy.script)}:${mount.hostPreparedBy.line} makes it and runs ${mount.hostPreparedBy.kind} ${mount.hostPreparedBy.setting} on it)`;
    if (mount.hostPreparedByJob) {
      const job = mount.hostPreparedByJob;
      const made = job.above !== undefined ? `service ${job.service}, which this service waits for and binds the directory above it at ${job.above}, makes it there` : `Compose creates it root-owned for service ${job.service}, which this service waits for`;
      return ` (${why}; ${made}, and its command runs ${job.kind} ${job.setting} on ${job.target})`;
    }
    return ` (${why}, and Compose creates it there at \`up\`, root-owned)`;
  }
  return mount.createHostPath ? ' (created, root-owned, when missing)' : '';
}

function mountSource(mount: ComposeMount): string {
  switch (mount.cover) {
    case 'bind':
      return `host ${mount.hostPath ?? mount.sourceRaw ?? '?'}${bindState(mount)}`;
    case 'named-volume':
      return mount.volume
        ? `volume ${mount.volume.key} (engine name ${mount.volume.name}${mount.volume.external ? ', external' : ''})`
        : `volume ${mount.volumeKey ?? '?'} (not declared in the top-level volumes)`;
    case 'tmpfs':
      return [mount.tmpfsSize !== null ? `size ${mount.tmpfsSize} bytes` : '', mount.tmpfsMode !== null ? `mode ${mount.tmpfsMode.toString(8)}` : ''].filter(Boolean).join(', ');
    case 'image':
      return `image ${mount.imageSource ?? '?'}`;
    case 'volumes-from':
      return mount.from ? `${mount.from.kind} ${mount.from.name}` : '';
    default:
      return '';
  }
}

function contentLines(content: ImageContentAt, indent: string): string[] {
  const out = [`${indent}image: ${content.description}`];
  for (const step of content.steps.slice(0, 8)) {
    const e = step.effect;
    const context = step.fromContext ? ` (the build context's ${step.fromContext.path}${step.fromContext.empty ? ', keep files only' : ''})` : '';
    const via = step.via ? ` (in stage ${step.stage.name ?? step.stage.index}, brought by ${step.via.map((hop) => `${hop.copy.command} --from=${hop.copy.from} at line ${hop.copy.instruction.range.start.line + 1}`).join(', then ')})` : '';
    out.push(`${indent}  ${step.file}:${e.instruction.range.start.line + 1} ${e.command} ${e.kind} ${e.path}${step.reach === 'parent' ? ' (a parent directory, recursively)' : ''}${e.certainty === 'possible' ? ' (possible)' : ''}${context}${via}`);
  }
  if (content.steps.length > 8) out.push(`${indent}  … ${content.steps.length - 8} more steps`);
  return out;
}

function mountLines(mount: ComposeMount): string[] {
  const flags = [
    mount.readOnly ? 'read-only' : '',
    mount.nocopy ? 'nocopy' : '',
    mount.subpath ? `subpath ${mount.subpath}` : '',
    mount.replacesImageVolume ? 'mounts an image VOLUME' : '',
  ].filter(Boolean);
  const source = mountSource(mount);
  const out = [
    `  ${mount.target ?? mount.targetRaw}  ${COVER_TEXT[mount.cover]}${source ? `: ${source}` : ''}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}${mount.location ? `  (${at(mount.location)})` : ''}`,
  ];
  if (mount.hostDirectories.length > 0) out.push(`    the host directory holds directories where the build puts files: ${mount.hostDirectories.join(', ')}`);
  if (mount.hostFiles.length > 0) out.push(`    the host directory holds its own copies of files a RUN step changes: ${mount.hostFiles.join(', ')}`);
  if (mount.hostKeptFiles.length > 0) out.push(`    the host directory holds, as git keeps them, files a RUN step changes only as git does (line endings, execute bit): ${mount.hostKeptFiles.join(', ')}`);
  out.push(...contentLines(mount.image, '    '));
  return out;
}

/** A file the model read, by its name (the text names where the container sees it). */
function fileName(source: string, imagePath: string): string {
  return `${basename(source)} at ${imagePath}`;
}

const OPERATION_KIND: Record<OperationSetting['kind'], string> = { 'log-rotation': 'log rotation', swarm: 'swarm' };

/**
 * Whether the project keeps data and counts as deployed, as VOL022 reads it (src/compose/query.ts keptData,
 * deploymentEvidence): a project that keeps no data anywhere and is not deployed is taken for a throw-away stack.
 */
function projectPurpose(model: ComposeModel): { kept: ReturnType<typeof keptData>; development: string | null; evidence: ReturnType<typeof deploymentEvidence> } {
  const development = developmentFile(model);
  return { kept: keptData(model), development, evidence: model.deployed ? null : deploymentEvidence(model) };
}

function purposeLines(model: ComposeModel): string[] {
  const { kept, development, evidence } = projectPurpose(model);
  const keeps = kept.length > 0 ? kept.map((k) => `service ${k.service.name}'s ${k.how} (${at(k.location)})`).join('; ') : 'nowhere (no service mounts a named volume or a data directory, or turns persistence on)';
  let deployed: string;
  if (model.deployed) deployed = 'deployed: as written, the configuration says so (compose.deployed, --compose-deployed)';
  else if (evidence) deployed = `looks deployed: ${evidence.words} (${at(evidence.location)})`;
  else if (development !== null) deployed = `deployed: not looked for, ${development} is a development stack's file (it copies the deployment's settings)`;
  else deployed = 'deployed: nothing says so';
  const throwAway = kept.length === 0 && !model.deployed && evidence === null ? '; keeping no data, the project is taken for a throw-away stack' : '';
  const evidenceOfDevelopment = developmentStack(model);
  const stack = evidenceOfDevelopment !== null ? `development stack: ${evidenceOfDevelopment.words} (${at(evidenceOfDevelopment.location)})${model.deployed ? '; the configuration says the files are deployed as written, so VOL020 and VOL022 report it as any stack' : ''}` : 'development stack: nothing says so';
  return [`  keeps data: ${keeps}`, `  ${deployed}${throwAway}`, `  ${stack}`];
}

/** What the service starts and what its configuration and build say about where it keeps data: what the Compose rules read beside the mounts. */
function serviceLines(service: ComposeService): string[] {
  const out: string[] = [];
  const start = service.start;
  if (start && start.argv.length > 0) {
    const program = start.built ? `; runs ${start.built.path}, put there by the build${start.built.text !== null ? ' from the build context (read)' : ''}` : '';
    // The first word only: the rest of a command line may carry a secret from the environment (`--requirepass ${REDIS_PASSWORD}`).
    out.push(`  starts: ${start.argv[0]!}${start.argv.length > 1 ? ' …' : ''}${start.entrypoint ? '' : " (the base image's ENTRYPOINT receives it)"}${program}`);
  }
  for (const d of service.configuredDirectories) out.push(`  its configuration keeps data in ${d.path}: ${d.setting} (${fileName(d.source, d.imagePath)})`);
  for (const c of service.configuredServers) out.push(`  its configuration keeps its database on service ${c.server}: ${c.setting} (${fileName(c.source, c.imagePath)})`);
  for (const p of service.persistenceSettings) out.push(`  persistence setting: ${p.setting} ${p.value} (${fileName(p.source, p.imagePath)})`);
  for (const d of service.databaseDirectories) out.push(`  database directory ${d.path}: ${d.option} (${d.file}:${d.range.start.line + 1})`);
  for (const [dir, folder] of service.yarnModulesFolders) out.push(`  yarn's node_modules of ${dir} are in ${folder} (.yarnrc --modules-folder)`);
  if (service.replicas) out.push(`  runs as several containers: ${service.replicas.evidence} (${at(service.replicas.location)})`);
  if (service.operations.length > 0) out.push(`  set for a long run or a swarm: ${service.operations.map((o) => `\`${o.setting}\` (${OPERATION_KIND[o.kind]}, ${at(o.location)})`).join('; ')}`);
  if (service.dependencies.length > 0) out.push(`  depends on: ${service.dependencies.map((d) => `${d.name} (${d.via}${d.condition ? `, ${d.condition}` : ''}${d.required ? '' : ', not required'})`).join(', ')}`);
  return out;
}

function userText(service: ComposeService): string {
  const u = service.user;
  if (u.value === null) return 'unknown';
  const who = u.value === '' ? 'root (no USER)' : u.value;
  const root = u.root === true || u.value === '' ? '' : u.root === false ? ' (not root)' : '';
  const from = u.source === 'compose' ? ', from `user:`' : u.source === 'image' ? ', from the image' : '';
  return `${who}${root}${from}${u.location ? ` (${at(u.location)})` : ''}`;
}

/** Where a start restore is made, for the model's text. */
function restoreWhere(restore: StartRestore): string {
  return restore.where.kind === 'script' ? `its start script ${restore.where.path} (line ${restore.where.line})` : 'its command';
}

export function describeComposeModel(model: ComposeModel): string {
  const out: string[] = [
    `${model.file}: project ${model.projectName}, ${model.services.length} service${model.services.length === 1 ? '' : 's'}`,
  ];
  // The project's other files: a `-f` list's later files (role compose), override, env, included and extended files.
  const others = model.files.filter((f) => f.file !== model.file);
  if (others.length > 0) out.push(`  also read: ${others.map((f) => `${f.file} (${f.role})`).join(', ')}`);
  if (model.profiles.active !== null) {
    const off = model.profiles.inactive.map((i) => (i.profiles.length > 0 ? `${i.name} (${i.profiles.join(', ')})` : i.name));
    const selected = model.profiles.selected ? `services ${model.profiles.selected.join(', ')} named (with what they depend on); ` : '';
    const active = model.profiles.active.length > 0 ? `profiles: ${model.profiles.active.join(', ')} active` : 'profiles: none active';
    out.push(`  ${selected}${active}${off.length > 0 ? `; not started: ${off.join(', ')}` : ''}`);
  }
  if (model.volumes.size > 0) {
    out.push(`  volumes: ${[...model.volumes.values()].map((v) => `${v.key}${v.external ? ' (external)' : ''}`).join(', ')}`);
  }
  out.push(...purposeLines(model));
  for (const service of model.services) {
    out.push('', `service ${service.name} (${at(service.location)})`);
    if (service.profiles.length > 0) out.push(`  profiles: ${service.profiles.join(', ')}${model.profiles.active === null ? ' (started only with one of them active; none was given)' : ''}`);
    out.push(`  image: ${imageText(service.image)}`);
    out.push(`  runs as: ${userText(service)}`);
    if (service.readOnlyRootfs) out.push('  root filesystem: read-only');
    if (service.startWrites.length > 0) out.push(`  at every start its command writes: ${service.startWrites.map((w) => `${w.path} (${w.command})`).join(', ')}`);
    for (const r of service.startRestores) {
      const when = r.when ? ` when ${r.when.path} is missing (the host directory ${r.when.hostHolds === null ? 'may hold it' : r.when.hostHolds ? 'holds it' : 'lacks it'})` : '';
      out.push(`  ${r.when ? 'at start' : 'at every start'} ${restoreWhere(r)} copies ${r.from} back into ${r.path}${when} (${r.command}${r.dotted ? '' : ', names without a leading dot'}), a copy the build made at line ${r.kept.instruction.range.start.line + 1}`);
    }
    out.push(...serviceLines(service));
    if (service.mounts.length === 0) out.push('  no mounts');
    for (const mount of service.mounts) out.push(...mountLines(mount));
  }
  if (model.problems.length > 0) {
    out.push('', 'problems:');
    for (const p of model.problems) out.push(`  ${at(p.location)} ${p.severity}: ${p.message}`);
  }
  return out.join('\n') + '\n';
}

function location(l: SourceLocation | null): object | null {
  return l ? { file: l.file, line: l.range.start.line + 1, column: l.range.start.character + 1, endLine: l.range.end.line + 1, endColumn: l.range.end.character + 1 } : null;
}

function contentJson(content: ImageContentAt): object {
  return {
    known: content.known,
    filled: content.filled,
    below: content.below.kind === 'image' ? { kind: 'image', ref: content.below.ref.raw, known: Boolean(content.below.info) } : content.below,
    description: content.description,
    steps: content.steps.map((s) => ({
      file: s.file,
      line: s.effect.instruction.range.start.line + 1,
      stage: s.stage.index,
      command: s.effect.command,
      kind: s.effect.kind,
      path: s.effect.path,
      reach: s.reach,
      certainty: s.effect.certainty,
      ...(s.effect.sources ? { sources: s.effect.sources } : {}),
      ...(s.effect.from ? { from: s.effect.from } : {}),
      ...(s.fromContext ? { fromContext: s.fromContext } : {}),
      ...(s.via ? { via: s.via.map((hop) => ({ line: hop.copy.instruction.range.start.line + 1, stage: hop.stage.index, from: hop.copy.from, path: hop.copy.path })) } : {}),
    })),
  };
}

/** keepsData (service, how, location), deployment (configured, evidence with its words and location, developmentFile) and development (the development stack evidence: kind, words, location; or null). */
function purposeJson(model: ComposeModel): { keepsData: object[]; deployment: object; development: object | null } {
  const { kept, development, evidence } = projectPurpose(model);
  const stack = developmentStack(model);
  return {
    keepsData: kept.map((k) => ({ service: k.service.name, how: k.how, location: location(k.location) })),
    deployment: { configured: model.deployed, evidence: evidence ? { words: evidence.words, location: location(evidence.location) } : null, developmentFile: development },
    development: stack ? { kind: stack.kind, words: stack.words, location: location(stack.location) } : null,
  };
}

/** JSON for programs. `version` changes only when a field changes meaning or disappears. */
export function composeModelToJson(model: ComposeModel): object {
  return {
    version: 1,
    kind: 'compose',
    file: model.file,
    project: model.projectName,
    files: model.files.map((f) => ({ file: f.file, role: f.role })),
    profiles: { active: model.profiles.active, selected: model.profiles.selected, inactive: model.profiles.inactive.map((i) => ({ name: i.name, profiles: i.profiles, location: location(i.location) })) },
    dockerfiles: model.dockerfiles,
    volumes: [...model.volumes.values()].map((v) => ({ key: v.key, name: v.name, external: v.external, driver: v.driver, driverOpts: v.driverOpts, location: location(v.location) })),
    ...purposeJson(model),
    services: model.services.map((s) => ({
      name: s.name,
      location: location(s.location),
      profiles: s.profiles,
      image:
        s.image.kind === 'build'
          ? {
              kind: 'build',
              dockerfile: s.image.build.dockerfile,
              context: s.image.build.context,
              target: s.image.build.target,
              stage: s.image.stage.index,
              args: Object.fromEntries(s.image.build.args),
              image: s.image.image,
              link: s.image.link ? { kind: s.image.link.kind, evidence: s.image.link.text, location: location(s.image.link.location) } : null,
            }
          : s.image.kind === 'catalog'
            ? { kind: 'catalog', ref: s.image.ref.raw, source: s.image.info.source }
            : { kind: 'unknown', reason: s.image.reason, ref: s.image.ref?.raw ?? null },
      user: { value: s.user.value, source: s.user.source, root: s.user.root, location: location(s.user.location) },
      readOnlyRootfs: s.readOnlyRootfs,
      startWrites: s.startWrites,
      startRestores: s.startRestores.map((r) => ({ path: r.path, from: r.from, dotted: r.dotted, command: r.command, where: r.where, keptLine: r.kept.instruction.range.start.line + 1, when: r.when ?? null })),
      start: s.start ? { command: s.start.argv[0] ?? null, entrypoint: s.start.entrypoint, program: s.start.built ? { path: s.start.built.path, read: s.start.built.text !== null } : null } : null,
      configuration: {
        directories: s.configuredDirectories.map((d) => ({ setting: d.setting, path: d.path, source: d.source, imagePath: d.imagePath })),
        servers: s.configuredServers.map((c) => ({ setting: c.setting, server: c.server, source: c.source, imagePath: c.imagePath })),
        persistence: s.persistenceSettings.map((p) => ({ setting: p.setting, value: p.value, source: p.source, imagePath: p.imagePath })),
      },
      databaseDirectories: s.databaseDirectories.map((d) => ({ option: d.option, path: d.path, file: d.file, line: d.range.start.line + 1 })),
      yarnModulesFolders: Object.fromEntries(s.yarnModulesFolders),
      replicas: s.replicas ? { evidence: s.replicas.evidence, location: location(s.replicas.location) } : null,
      operations: s.operations.map((o) => ({ kind: o.kind, setting: o.setting, location: location(o.location) })),
      dependencies: s.dependencies.map((d) => ({ name: d.name, via: d.via, required: d.required, condition: d.condition, location: location(d.location) })),
      imageVolumes: s.imageVolumes.map((v) => ({ path: v.path, origin: v.origin, site: location(v.site), knowledge: v.knowledge, mounted: v.mountedBy !== null })),
      mounts: s.mounts.map((m) => ({
        target: m.target,
        targetRaw: m.targetRaw,
        cover: m.cover,
        syntax: m.syntax,
        source: m.sourceRaw,
        hostPath: m.hostPath,
        volume: m.volume?.key ?? m.volumeKey,
        readOnly: m.readOnly,
        modes: m.modes,
        createHostPath: m.createHostPath,
        hostExists: m.hostExists,
        hostMadeBy: m.hostMadeBy ? m.hostMadeBy.command : null,
        hostDependencies: m.hostDependencies ? { command: m.hostDependencies.command, manifest: m.hostDependencies.manifest } : null,
        hostDirectories: m.hostDirectories,
        hostFiles: m.hostFiles,
        hostKeptFiles: m.hostKeptFiles,
        hostPreparedBy: m.hostPreparedBy
          ? {
              script: m.hostPreparedBy.script,
              line: m.hostPreparedBy.line,
              kind: m.hostPreparedBy.kind,
              setting: m.hostPreparedBy.setting,
              ownerUid: m.hostPreparedBy.ownerUid ?? null,
              placedIn: m.hostPreparedBy.placedIn ?? null,
            }
          : null,
        hostWrittenBy: m.hostWrittenBy ? { script: m.hostWrittenBy.script, line: m.hostWrittenBy.line, command: m.hostWrittenBy.command } : null,
        hostFresh: m.hostFresh ? { path: m.hostFresh.display, reason: m.hostFresh.reason.kind, segment: m.hostFresh.reason.segment, variable: m.hostFresh.variable } : null,
        hostPreparedByJob: m.hostPreparedByJob
          ? { service: m.hostPreparedByJob.service, line: m.hostPreparedByJob.location.range.start.line + 1, kind: m.hostPreparedByJob.kind, setting: m.hostPreparedByJob.setting, ownerUid: m.hostPreparedByJob.ownerUid ?? null, target: m.hostPreparedByJob.target, above: m.hostPreparedByJob.above ?? null }
          : null,
        nocopy: m.nocopy,
        subpath: m.subpath,
        tmpfsSize: m.tmpfsSize,
        tmpfsMode: m.tmpfsMode,
        from: m.from ? { kind: m.from.kind, name: m.from.name } : null,
        imageVolume: m.replacesImageVolume !== null || m.cover === 'image-volume',
        location: location(m.location),
        image: contentJson(m.image),
      })),
    })),
    problems: model.problems.map((p) => ({ severity: p.severity, message: p.message, location: location(p.location) })),
  };
}
