/**
 * Rebuilds a Case from a bundle's config.json (the inverse of the harness's
 * materialisation), so `sim-runsc run --bundle DIR` can hand it to the model:
 * the bundle directory becomes ROOT_TOKEN in sources and annotation values,
 * and every mount source inside the bundle that exists becomes a fixture.
 * Pure: the caller passes a lookup of host path kinds.
 */
import { ROOT_TOKEN, type Case, type Fixture, type OciMount, type RunscFlags } from '../model/case.js';
import { cleanPath, maskCaseRoot } from '../model/resolve.js';

/** Kind of a path relative to the bundle directory, as the host sees it. */
export type KindLookup = (relPath: string) => 'dir' | 'file' | 'missing';

/** Thrown for a config.json that is not an OCI spec the model can take. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function tokenize(path: string, bundleDir: string): string {
  const b = bundleDir.replace(/\/+$/, '');
  if (path === b) return ROOT_TOKEN;
  if (path.startsWith(`${b}/`)) return `${ROOT_TOKEN}${path.slice(b.length)}`;
  return path;
}

/** Path of a source relative to the bundle, or null when it points outside. */
function bundleRelative(source: string): string | null {
  const fake = '/__bundle__';
  const abs = source.startsWith(ROOT_TOKEN)
    ? `${fake}${source.slice(ROOT_TOKEN.length)}`
    : source.startsWith('/')
      ? source
      : `${fake}/${source}`;
  const clean = cleanPath(abs);
  if (clean === fake) return '.';
  return clean.startsWith(`${fake}/`) ? clean.slice(fake.length + 1) : null;
}

function toMount(raw: unknown, bundleDir: string): OciMount {
  const m = asRecord(raw, 'mounts[]');
  if (typeof m.destination !== 'string') throw new ConfigError('mounts[].destination must be a string');
  const out: OciMount = { destination: m.destination };
  if (typeof m.type === 'string') out.type = m.type;
  if (typeof m.source === 'string') out.source = tokenize(m.source, bundleDir);
  if (Array.isArray(m.options)) out.options = m.options.map(String);
  return out;
}

/** The Case a bundle's config.json and the run's flags describe. */
export function configToCase(config: unknown, bundleDir: string, flags: RunscFlags, kindOf: KindLookup): Case {
  const cfg = asRecord(config, 'config.json');
  const root = asRecord(cfg.root, 'root');
  if (typeof root.path !== 'string') throw new ConfigError('root.path must be a string');
  const rootPath = tokenize(root.path, bundleDir);
  const mounts = Array.isArray(cfg.mounts) ? cfg.mounts.map((m) => toMount(m, bundleDir)) : [];
  const annotations: Record<string, string> = {};
  if (cfg.annotations !== undefined) {
    for (const [k, v] of Object.entries(asRecord(cfg.annotations, 'annotations')))
      annotations[k] = maskCaseRoot(String(v), bundleDir.replace(/\/+$/, ''));
  }
  const fixtures = new Map<string, Fixture>();
  for (const m of mounts) {
    if (m.source === undefined || m.source === '') continue;
    const rel = bundleRelative(m.source);
    if (rel === null || rel === '.' || rel === 'config.json' || rel === 'rootfs' || rel.startsWith('rootfs/')) continue;
    const kind = kindOf(rel);
    if (kind !== 'missing') fixtures.set(rel, { path: rel, kind });
  }
  const sorted = [...fixtures.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    flags,
    spec: {
      root: {
        path: rootPath.startsWith(`${ROOT_TOKEN}/`) ? rootPath.slice(ROOT_TOKEN.length + 1) : rootPath,
        readonly: root.readonly === true,
      },
      mounts,
      annotations,
    },
    fixtures: sorted,
  };
}
