/**
 * The runsc simulator: a pure model that turns a Case into what real runsc
 * shows for it — exit code, stderr, the run/gofer/boot debug logs, the
 * probe's stdout — and which planned mounts' workload effects reach the host.
 * Stages follow runsc (reference §2.1): host (flags, hints, gofer confs,
 * filestores) → gofer → sentry (mounts) → the probe.
 */
import type { Case } from '../model/case.js';
import type { RunLogs } from '../model/raw-run.js';
import { cleanPath, resolveRootToken, resolvedAnnotationEntries } from '../model/resolve.js';
import { claimGlobOf } from '../model/vendor-claim.js';
import { planWorkload, type PlannedMount } from '../probe/plan.js';
import { earlyFailure, resolveConfig } from './config.js';
import { goferArgv, runArgv, sandboxArgv, type RunPaths } from './cmdline.js';
import { runGofer } from './gofer.js';
import { parsePodHints } from './hints.js';
import { validateGoferOptions } from './mount-options.js';
import { debug, fatal, info, raw, type LogLine } from './log.js';
import {
  createFilestores,
  filestoreRef,
  fixSpecMounts,
  hostKind,
  initGoferConfs,
  isGoferMount,
  rootPathOf,
  type SpecMount,
} from './mounts.js';
import { sortedRows, type MountRow } from './mountinfo.js';
import { panicText } from './panic.js';
import { renderSim } from './render.js';
import { PROFILES, type ProfileName, type ProfileSpec } from './profiles.js';
import { parseRootfsHint } from './rootfs-hint.js';
import { runSentry } from './sentry.js';
import { lisafsNeeded, planSuppression } from './suppression.js';
import { applyVendorClaims } from './vendor.js';
import { NO_EFFECTS, runWorkload, type HostEffects } from './workload.js';
import type { FaultName } from './mutants.js';

export { PROFILES, PROFILE_NAMES, isProfileName, type ProfileName } from './profiles.js';
export { MUTANTS, MUTANT_NAMES, FAULTS, isMutantName, faultsOf, type MutantName } from './mutants.js';

/** Options of one simulated run. */
export interface SimOptions {
  profile: ProfileName;
  /** Absolute case root (the bundle directory) the run pretends to use. */
  caseRoot: string;
  containerId: string;
  faults?: ReadonlySet<FaultName>;
  /** `--root` and `--debug-log` as the command lines should show them. */
  stateDir?: string;
  logDir?: string;
  /**
   * runsc's `--debug`: Debug-level lines are logged and the children's flags
   * say `--debug=true`. Off by default, as runsc's own default and as the
   * harness runs real builds (src/harness/runsc-target.ts, logArgs).
   */
  debug?: boolean;
  /** A subcontainer's own annotations (resolved), which its gofer reads instead of the pod's hints (src/simulator/pod.ts). */
  goferAnnotations?: readonly (readonly [string, string])[];
}

/** What a simulated run shows. */
export interface SimResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  logs: RunLogs;
  /** Per planned mount (planWorkload order): what the workload leaves in its host source. */
  effects: ({ index: number } & HostEffects)[];
}

/** The three debug logs as lines before rendering; null for a log file the run never opened. */
export interface SimLogs {
  run: LogLine[];
  gofer: LogLine[] | null;
  boot: LogLine[] | null;
}

/** What the probe printed, before rendering: the mountinfo rows and its workload lines. */
export interface SimProbe {
  /** Mountinfo rows in mount ID order (the order they print in); null when a mount over /proc hides mountinfo. */
  rows: MountRow[] | null;
  /** The `DFC-OP` lines, in order. */
  lines: string[];
}

/** A simulated run as data, before its texts are rendered (src/simulator/render.ts renders it). */
export interface SimRun {
  profile: ProfileSpec;
  exitCode: number;
  stderr: string;
  logs: SimLogs;
  /** Null when the sandbox did not start (the probe printed nothing). */
  probe: SimProbe | null;
  effects: SimResult['effects'];
}

/** The faults of a run that names none. */
const NO_FAULTS: ReadonlySet<FaultName> = new Set();

const CREATING_GOFER = 'running container: creating container: cannot create gofer process';

const SYNC_EOF =
  'running container: creating container: cannot create sandbox: cannot read client sync file: waiting for sandbox to start: EOF';

/** One planned mount's effects, built as one literal. */
function effectsAt(index: number, e: HostEffects): SimResult['effects'][number] {
  return { index, present: e.present, denied: e.denied, seedIntact: e.seedIntact };
}

/** A run that ended before the probe ran: nothing of the workload reached the host. */
function endedRun(profile: ProfileSpec, c: Case, exitCode: number, stderr: string, logs: SimLogs): SimRun {
  const effects = planWorkload(c).map((p) => effectsAt(p.index, NO_EFFECTS));
  return { profile, exitCode, stderr, logs, probe: null, effects };
}

/** A run that ended with runsc's fatal error `stderr`, logged last in the run log. */
function failedRun(profile: ProfileSpec, c: Case, logs: SimLogs, stderr: string, exitCode = 128): SimRun {
  logs.run.push(fatal(stderr));
  return endedRun(profile, c, exitCode, `${stderr}\n`, logs);
}

/** The first spec validation error of a gofer mount's options, or null. */
function specErrorOf(mounts: readonly SpecMount[], profile: ProfileSpec): string | null {
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i] as SpecMount;
    const e = isGoferMount(m) ? validateGoferOptions(m.options, profile.specError.unknownOptions) : null;
    if (e !== null) return e;
  }
  return null;
}

/** Appends `lines` to `log` (no spread call: the lists are short, and a spread runs the iterator protocol). */
function append(log: LogLine[], lines: readonly LogLine[]): void {
  for (let i = 0; i < lines.length; i++) log.push(lines[i] as LogLine);
}

/** Simulates `runsc run` of a case under a profile (pure). */
export function simulate(c: Case, opts: SimOptions): SimResult {
  return renderSim(simulateRun(c, opts));
}

/** Simulates `runsc run` of a case under a profile (pure), as data: {@link simulate} before rendering. */
export function simulateRun(c: Case, opts: SimOptions): SimRun {
  const profile: ProfileSpec = PROFILES[opts.profile];
  const faults = opts.faults ?? NO_FAULTS;
  const cfg = resolveConfig(c.flags, profile);
  const early = earlyFailure(c.flags, profile, cfg);
  if (early !== null) return endedRun(profile, c, early.exitCode, early.stderr, { run: [], gofer: null, boot: null });

  const { caseRoot, containerId } = opts;
  const mounts = fixSpecMounts(c, caseRoot);
  const rootPath = rootPathOf(c, caseRoot);
  const stat = (p: string) => hostKind(p, caseRoot, c.fixtures);
  const paths: RunPaths = {
    caseRoot,
    containerId,
    rootPath,
    stateDir: opts.stateDir ?? '/run/dfc-sim/state',
    logDir: opts.logDir ?? '/run/dfc-sim/logs/',
    debug: opts.debug === true,
  };
  const specError = specErrorOf(mounts, profile);
  const logs: SimLogs = { run: [info('args', `Args: ${runArgv(cfg, paths)}`)], gofer: null, boot: null };
  if (specError !== null) {
    const msg = `${profile.specError.prefix}reading spec: ${specError}`;
    if (profile.specError.logged) return failedRun(profile, c, logs, msg);
    return endedRun(profile, c, 128, `${msg}\n`, { run: [], gofer: null, boot: null });
  }
  const annotations = resolvedAnnotationEntries(c, caseRoot);

  if (!profile.selfMedium && cfg.overlay.medium === 'self') {
    return failedRun(
      profile,
      c,
      logs,
      'running container: creating container: failed to stat overlay filestore directory "self": stat self: no such file or directory',
    );
  }

  // Host (runsc run): pod hints, rootfs hint, gofer confs, filestores (reference §2.1, §3.3).
  const hints = parsePodHints(annotations, profile, faults);
  if (profile.hintFatalStage === 'host') {
    append(logs.run, hints.log);
    if (hints.error !== null) {
      const msg = `running container: creating container: error creating pod mount hints: ${hints.error}`;
      return failedRun(profile, c, logs, msg);
    }
  }
  const rootfs = parseRootfsHint(annotations, profile, faults);
  append(logs.run, rootfs.log);
  if (rootfs.error !== null) {
    const msg = `${CREATING_GOFER}: error creating rootfs hint: ${rootfs.error}`;
    return failedRun(profile, c, logs, msg);
  }
  const host = initGoferConfs(rootPath, c.spec.root.readonly, mounts, cfg, hints, rootfs.hint, stat, profile, faults);
  append(logs.run, host.log);
  if (host.error !== null) {
    if (host.confs.length === 0) return failedRun(profile, c, logs, `${CREATING_GOFER}: ${host.error}`);
    return endedRun(profile, c, 2, panicText(host.confs.length, profile.goModule), logs);
  }
  const gArgv = goferArgv(cfg, host, profile, paths);
  if (profile.goferParsesHints) logs.run.push(info('startingGofer', `Starting gofer with command: ${gArgv}`));
  if (paths.debug) logs.run.push(debug('startingGoferDebug', `Starting gofer: /proc/self/exe ${gArgv}`));
  const stores = createFilestores(rootPath, mounts, host, hints, containerId, profile.filestoreStyle, faults);
  if (paths.debug) {
    for (const s of stores.sources) {
      const text =
        profile.filestoreStyle === 'name'
          ? `Created filestore file ${filestoreRef(s, containerId, 'name')} for mount source "${s}"`
          : `Created filestore file ${filestoreRef(s, containerId, 'proc-path')}`;
      logs.run.push(debug('filestoreCreated', text));
    }
  }
  if (stores.error !== null) {
    logs.gofer = [info('args', `Args: ${gArgv}`)];
    return failedRun(profile, c, logs, `${CREATING_GOFER}: ${stores.error}`);
  }

  // Gofer (reference §4).
  const goferHints =
    opts.goferAnnotations === undefined ? hints : parsePodHints(opts.goferAnnotations, profile, faults);
  const needed = lisafsNeeded(mounts, goferHints, rootfs.hint, host, faults);
  const gofer = runGofer({
    profile,
    cfg,
    faults,
    mounts,
    rootReadonly: c.spec.root.readonly,
    host,
    hintLog: hints.log,
    rootfsLog: rootfs.log,
    lisafsNeeded: needed,
    stat,
    argv: gArgv,
    rootPath,
  });
  logs.gofer = gofer.log;
  const sArgv = sandboxArgv(cfg, host, profile, paths, stores.sources.length);
  if (paths.debug) logs.run.push(debug('startingSandbox', `Starting sandbox: /proc/self/exe ${sArgv}`));
  logs.boot = [info('args', `Args: ${sArgv}`), info('chroot', 'Mounting "proc" at "/tmp/proc/sandbox-proc"')];
  if (gofer.fatal !== null) {
    logs.gofer.push(fatal(gofer.fatal), raw(gofer.fatal));
    const boot = 'Error reading mounts file: error unmarshaling mounts: unexpected end of JSON input';
    logs.boot.push(fatal(boot), raw(boot));
    return failedRun(profile, c, logs, SYNC_EOF);
  }

  // Sentry (runsc boot).
  append(logs.boot, hints.log);
  if (hints.error !== null) {
    const msg = `creating loader: creating pod mount hints: ${hints.error}`;
    logs.boot.push(fatal(msg), raw('unable to read from the sync descriptor: 0, error EOF'));
    return failedRun(profile, c, logs, SYNC_EOF);
  }
  if (host.confs[0]?.lower === 'erofs') {
    logs.boot.push(fatal(`WalkDir(/proc/self/fd) failed: FD 4 is a directory for ${rootfs.hint?.source ?? rootPath}`));
    const msg =
      'running container: starting container: starting root container: urpc method "containerManager.StartRoot" failed: EOF';
    return failedRun(profile, c, logs, msg);
  }
  const seccomp = cfg.directfs ? profile.seccomp.sentryDirectfs : profile.seccomp.sentryNoDirectfs;
  logs.boot.push(
    info('seccomp', `Installing seccomp filters for ${seccomp} syscalls (action=${profile.seccomp.action})`),
  );
  if (profile.rootfsHint === 'honoured') append(logs.boot, rootfs.log);
  const stock = planSuppression(cfg, mounts, hints, rootfs.hint, host, faults);
  // Only a claiming build reads the claim: a lookup by key among a case's arbitrary annotation keys is slow.
  const rawGlob = profile.vendorClaims === 'none' ? null : claimGlobOf(c.spec.annotations);
  const glob = rawGlob === null ? null : resolveRootToken(rawGlob, caseRoot);
  const suppression = applyVendorClaims(stock, profile.vendorClaims, { glob, rootPath, mounts, host });
  const sentry = runSentry({
    profile,
    cfg,
    faults,
    rootReadonly: c.spec.root.readonly,
    mounts,
    hints,
    host,
    plan: suppression,
    lisafsKept: !cfg.directfs || needed,
    stat,
    debug: paths.debug,
  });
  append(logs.boot, sentry.log);
  if (sentry.error !== null) {
    const msg = `running container: starting container: starting root container: starting sandbox: failed to setupFS: ${sentry.error}`;
    return failedRun(profile, c, logs, msg);
  }

  // The probe.
  const plan = planWorkload(c);
  const lines: string[] = [];
  const effects: SimResult['effects'] = [];
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i] as PlannedMount;
    const host = runWorkload(p, sentry.outcomes.get(p.index), faults, lines);
    effects.push(effectsAt(p.index, host));
  }
  // A filesystem other than proc on top of /proc hides /proc/self/mountinfo: the probe's read prints nothing.
  const procTop = sentry.rows.findLast((r) => cleanPath(r.mountPoint) === '/proc');
  const rows = procTop === undefined || procTop.fsType === 'proc' ? sortedRows(sentry.rows) : null;
  logs.run.push(info('exiting', 'Exiting with status: 0'));
  return { profile, exitCode: 0, stderr: '', logs, probe: { rows, lines }, effects };
}
