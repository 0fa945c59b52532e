/** Terse builders for the hand-written example table. */
import { ROOT_TOKEN, type Case, type Fixture, type OciMount, type RunscFlags } from '../../model/case.js';
import { cleanPath } from '../../model/resolve.js';
import type { RequirementId } from '../../model/requirements.js';
import { isGoferCandidate } from '../../probe/plan.js';
import { MOUNT_HINT_PREFIX, ROOTFS_HINT_PREFIX } from '../../model/hint-keys.js';
import { FILE_FIXTURES, ROOTFS_HINT_SOURCE, rootPath } from './vocabulary.js';

/** Flags with every unset field `null`. */
export function flags(f: Partial<RunscFlags> = {}): RunscFlags {
  return { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null, ...f };
}

/** A bind mount of a fixture; `source` defaults to `$ROOT/<fixture>`. */
export function bind(
  destination: string,
  fixture: string,
  options: string[] = ['rbind'],
  source = rootPath(fixture),
): OciMount {
  return { destination, type: 'bind', source, options };
}

/** A sentry-internal mount of `type`. */
export function pseudo(type: string, destination: string, options: string[] = []): OciMount {
  return { destination, type, source: type, options };
}

/** The annotations of mount hint `name` (keys in the order given). */
export function hint(name: string, fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[`${MOUNT_HINT_PREFIX}${name}.${k}`] = v;
  return out;
}

/** A complete bind/shared hint on `$ROOT/<fixture>` plus `extra` fields. */
export function bindHint(name: string, fixture: string, extra: Record<string, string> = {}): Record<string, string> {
  return hint(name, { source: rootPath(fixture), type: 'bind', share: 'shared', ...extra });
}

/** The annotations of the rootfs hint. */
export function rootfsHint(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[`${ROOTFS_HINT_PREFIX}${k}`] = v;
  return out;
}

/** The complete rootfs hint (`$ROOT/rootfs`, bind) plus `extra` fields. */
export function completeRootfs(extra: Record<string, string> = {}): Record<string, string> {
  return rootfsHint({ source: ROOTFS_HINT_SOURCE, type: 'bind', ...extra });
}

/** Fixtures every gofer mount's source needs: `f*` names are files, the rest directories. */
function fixturesFor(mounts: OciMount[]): Fixture[] {
  const byPath = new Map<string, Fixture>();
  for (const m of mounts) {
    if (!isGoferCandidate(m)) continue;
    const src = m.source ?? '';
    const path = cleanPath(src.startsWith(`${ROOT_TOKEN}/`) ? src.slice(ROOT_TOKEN.length + 1) : src);
    const kind = (FILE_FIXTURES as readonly string[]).includes(path) ? 'file' : 'dir';
    byPath.set(path, { path, kind });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** A case from its parts; fixtures are derived from the mounts. */
export function makeCase(parts: {
  flags?: Partial<RunscFlags>;
  readonly?: boolean;
  mounts: OciMount[];
  annotations?: Record<string, string>[];
}): Case {
  const annotations = Object.assign({}, ...(parts.annotations ?? [])) as Record<string, string>;
  return {
    flags: flags(parts.flags),
    spec: { root: { path: 'rootfs', readonly: parts.readonly ?? false }, mounts: parts.mounts, annotations },
    fixtures: fixturesFor(parts.mounts),
  };
}

/** One row of the example table. */
export interface Example {
  name: string;
  requirement: RequirementId;
  case: Case;
}
