/**
 * The Case: everything one conformance run needs, as pure JSON-serialisable
 * data. Host paths are written relative to the case root with the
 * {@link ROOT_TOKEN} prefix, so a stored case replays on any machine.
 */

/** Prefix standing for the absolute path of the case's own temporary root. */
export const ROOT_TOKEN = '$ROOT';

/** `--overlay2` values the generators use (reference §1). */
export const OVERLAY2_VALUES = ['none', 'root:memory', 'root:self', 'all:memory', 'all:self'] as const;
export type Overlay2 = (typeof OVERLAY2_VALUES)[number];

/** `--file-access` / `--file-access-mounts` values. */
export const FILE_ACCESS_VALUES = ['exclusive', 'shared'] as const;
export type FileAccess = (typeof FILE_ACCESS_VALUES)[number];

/** Global runsc flags of a case; `null` means the flag is not passed (runsc's default applies). */
export interface RunscFlags {
  directfs: boolean | null;
  overlay2: Overlay2 | null;
  fileAccess: FileAccess | null;
  fileAccessMounts: FileAccess | null;
}

/** One OCI `mounts[]` entry, exactly as it is written to config.json (sources may use ROOT_TOKEN). */
export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

/** The parts of config.json a case varies; `process` is always the probe. */
export interface CaseSpec {
  /** Root path relative to the bundle (the harness always uses its busybox rootfs, "rootfs"). */
  root: { path: string; readonly: boolean };
  mounts: OciMount[];
  /** Annotations, in insertion order (order matters for metamorphic permutations). */
  annotations: Record<string, string>;
}

/** A host file or directory the case needs, relative to the case root (no ROOT_TOKEN, no `..`). */
export interface Fixture {
  path: string;
  kind: 'dir' | 'file';
}

/** One subcontainer of a pod: its own mounts and annotations; its root and process are the harness's. */
export interface SubcontainerSpec {
  /** Short name, unique in the pod; the container ID is the sandbox's ID plus `-<name>`. */
  name: string;
  mounts: OciMount[];
  annotations: Record<string, string>;
  /** `dev.gvisor.flag.directfs` on this container's spec (needs --allow-flag-override, which the harness then passes). */
  directfsOverride?: boolean;
}

/** A multi-container sandbox: `spec` is the sandbox (root) container, these run in it after it started. */
export interface PodSpec {
  containers: SubcontainerSpec[];
}

/** A complete conformance case. */
export interface Case {
  flags: RunscFlags;
  spec: CaseSpec;
  fixtures: Fixture[];
  /** Present for a pod: the subcontainers started in the sandbox `spec` describes. */
  pod?: PodSpec;
}

/** Content every fixture file and every directory fixture's `seed.txt` holds. */
export const SEED_CONTENT = 'seed\n';
/** Name of the seed file inside every directory fixture. */
export const SEED_FILE = 'seed.txt';
