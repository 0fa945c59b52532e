/**
 * Rendering of a simulated run (SimRun) as the texts runsc and the probe
 * print: the three glog-format debug logs and the probe's stdout.
 */
import type { RunLogs } from '../model/raw-run.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, PROBE_END } from '../probe/protocol.js';
import type { SimLogs, SimProbe, SimResult, SimRun } from './index.js';
import { LOG_PIDS, renderLog } from './log.js';
import { mountinfoLine } from './mountinfo.js';
import type { ProfileSpec } from './profiles.js';

/** The fake clock's first microsecond in each log file. */
const START_MICROS = { run: 100000, gofer: 300000, boot: 500000 } as const;

/** The three log files' texts ('' for a log the run never opened). */
export function renderLogs(l: SimLogs, profile: ProfileSpec): RunLogs {
  return {
    run: renderLog(l.run, profile.sites, LOG_PIDS.run, START_MICROS.run),
    gofer: l.gofer === null ? '' : renderLog(l.gofer, profile.sites, LOG_PIDS.gofer, START_MICROS.gofer),
    boot: l.boot === null ? '' : renderLog(l.boot, profile.sites, LOG_PIDS.boot, START_MICROS.boot),
  };
}

/** The probe's stdout: the mountinfo block, the workload lines and the end marker ('' when it never ran). */
export function renderProbe(probe: SimProbe | null, profile: ProfileSpec): string {
  if (probe === null) return '';
  let stdout = `${MOUNTINFO_BEGIN}\n`;
  for (const r of probe.rows ?? []) stdout += mountinfoLine(r, profile);
  stdout += `${MOUNTINFO_END}\n`;
  for (const l of probe.lines) stdout += `${l}\n`;
  return `${stdout}${PROBE_END}\n`;
}

/** A simulated run as the texts it shows. */
export function renderSim(run: SimRun): SimResult {
  return {
    exitCode: run.exitCode,
    stdout: renderProbe(run.probe, run.profile),
    stderr: run.stderr,
    logs: renderLogs(run.logs, run.profile),
    effects: run.effects,
  };
}
