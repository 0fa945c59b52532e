/**
 * The host shell script that runs one pod with plain runsc, the way a user
 * would by hand: create + start the sandbox, wait for its probe to end, then
 * create + start + wait each subcontainer, then delete them all. It runs as
 * one process group (one PID namespace where possible), so a timeout or
 * Ctrl-C kills the whole pod at once. Each step leaves its output and exit
 * code in the pod's out directory for the runner to read.
 */
import { shQuote } from '../probe/script.js';
import { PROBE_END } from '../probe/protocol.js';

/** Files a pod run leaves in its out directory, per container (`sandbox` or a subcontainer's name). */
export const POD_OUT = {
  stdout: (who: string) => `${who}.out`,
  stderr: (who: string) => `${who}.err`,
  create: (who: string) => `${who}.create`,
  start: (who: string) => `${who}.start`,
  waited: (who: string) => `${who}.wait`,
  /** Names of the log directory's files once this container is done (its logs are the new ones). */
  logs: (who: string) => `${who}.logs`,
  /** Size of the sandbox's boot log when its own probe ended (later lines belong to the subcontainers). */
  bootSize: 'boot.size',
} as const;

/** What the script needs to know. */
export interface PodScriptInput {
  runsc: string;
  /** Global flags, the same on every runsc call. */
  globalArgs: readonly string[];
  sandboxBundle: string;
  sandboxId: string;
  subcontainers: readonly { name: string; bundle: string; id: string }[];
  outDir: string;
  logDir: string;
}

/** Polls (every 50 ms) for the sandbox probe's end; every second, whether the sandbox is still running. */
const WAIT_FOR_PROBE = String.raw`probe_done() {
  n=0
  while :; do
    grep -qx '${PROBE_END}' "$O/sandbox.out" 2>/dev/null && return 0
    n=$((n + 1))
    if [ $((n % 20)) -eq 0 ]; then
      r state "$SID" 2>/dev/null | grep -q '"status": *"running"' || {
        grep -qx '${PROBE_END}' "$O/sandbox.out" 2>/dev/null
        return
      }
    fi
    sleep 0.05
  done
}`;

/** The script's text (POSIX sh). */
export function podScript(p: PodScriptInput): string {
  const q = shQuote;
  const lines = [
    'set -u',
    `O=${q(p.outDir)}`,
    `L=${q(p.logDir)}`,
    `SID=${q(p.sandboxId)}`,
    `r() { ${[p.runsc, ...p.globalArgs].map(q).join(' ')} "$@"; }`,
    WAIT_FOR_PROBE,
    `r create --bundle ${q(p.sandboxBundle)} "$SID" </dev/null >"$O/sandbox.out" 2>"$O/sandbox.err"`,
    'echo $? >"$O/sandbox.create"',
    '[ "$(cat "$O/sandbox.create")" = 0 ] || exit 0',
    'r start "$SID" </dev/null >/dev/null 2>>"$O/sandbox.err"',
    'echo $? >"$O/sandbox.start"',
    '[ "$(cat "$O/sandbox.start")" = 0 ] || exit 0',
    'probe_done || { r delete -force "$SID" >/dev/null 2>&1; exit 0; }',
    `for f in "$L"/*.boot.txt; do [ -f "$f" ] && wc -c <"$f" >"$O/${POD_OUT.bootSize}"; done`,
    'ls "$L" >"$O/sandbox.logs"',
  ];
  for (const s of p.subcontainers) {
    const n = s.name;
    lines.push(
      `r create --bundle ${q(s.bundle)} ${q(s.id)} </dev/null >/dev/null 2>"$O/${n}.err"`,
      `echo $? >"$O/${n}.create"`,
      `if [ "$(cat "$O/${n}.create")" = 0 ]; then`,
      `  r start ${q(s.id)} </dev/null >"$O/${n}.out" 2>>"$O/${n}.err"`,
      `  echo $? >"$O/${n}.start"`,
      `  [ "$(cat "$O/${n}.start")" = 0 ] && r wait ${q(s.id)} >"$O/${n}.wait" 2>>"$O/${n}.err"`,
      'fi',
      `ls "$L" >"$O/${n}.logs"`,
    );
  }
  for (const s of [...p.subcontainers].reverse()) lines.push(`r delete -force ${q(s.id)} >/dev/null 2>&1`);
  lines.push('r delete -force "$SID" >/dev/null 2>&1', 'exit 0', '');
  return lines.join('\n');
}
