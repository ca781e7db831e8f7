/** Every rule, sorted by id. The engine receives this list; it knows no rule by name. */
import type { AnyRule } from '../src/engine/types.js';
import volumeInvalidJson from './volume-invalid-json.js';
import volumeHostSource from './volume-host-source.js';
import volumeRelativePath from './volume-relative-path.js';
import volumeWriteDiscarded from './volume-write-discarded.js';
import volumeCodeTarget from './volume-code-target.js';
import volumeConfigTarget from './volume-config-target.js';
import volumeStaticTarget from './volume-static-target.js';
import volumeSystemTarget from './volume-system-target.js';
import volumeEmpty from './volume-empty.js';
import volumeOverlap from './volume-overlap.js';
import volumeUndefinedVariable from './volume-undefined-variable.js';
import volumeCopyAfterDeclare from './volume-copy-after-declare.js';
import volumeWindowsTarget from './volume-windows-target.js';
import volumeUnusedStage from './volume-unused-stage.js';
import volumeSplitPath from './volume-split-path.js';
import volumeMountpointOwnership from './volume-mountpoint-ownership.js';
import volumeBuildCache from './volume-build-cache.js';
import volumeDirNotCreated from './volume-dir-not-created.js';
import composeBindHidesImage from './compose-bind-hides-image.js';
import composeVolumeFreezesImageContent from './compose-volume-freezes-image-content.js';
import composeAnonymousVolume from './compose-anonymous-volume.js';
import composeNocopyHidesContent from './compose-nocopy-hides-content.js';
import composeMountpointNotWritable from './compose-mountpoint-not-writable.js';
import composeSharedVolumeSeed from './compose-shared-volume-seed.js';
import composeTmpfsHidesImage from './compose-tmpfs-hides-image.js';

export const rules: readonly AnyRule[] = [
  volumeInvalidJson,
  volumeHostSource,
  volumeRelativePath,
  volumeWriteDiscarded,
  volumeCodeTarget,
  volumeConfigTarget,
  volumeStaticTarget,
  volumeSystemTarget,
  volumeEmpty,
  volumeOverlap,
  volumeUndefinedVariable,
  volumeCopyAfterDeclare,
  volumeWindowsTarget,
  volumeUnusedStage,
  volumeSplitPath,
  volumeMountpointOwnership,
  volumeBuildCache,
  volumeDirNotCreated,
  composeBindHidesImage,
  composeVolumeFreezesImageContent,
  composeAnonymousVolume,
  composeNocopyHidesContent,
  composeMountpointNotWritable,
  composeSharedVolumeSeed,
  composeTmpfsHidesImage,
] as AnyRule[];
