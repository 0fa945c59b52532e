/**
 * The probe script real runsc runs as the container process
 * (`/bin/busybox sh /probe.sh`, PATH=/bin). It prints the mountinfo block and
 * then performs `planWorkload(c)` exactly as /tmp/dfc-probe-semantics.md
 * describes, one protocol line per operation (src/probe/protocol.ts).
 *
 * Spawns are kept low: reads, writes, comparisons and existence tests are sh
 * builtins; only mkdir, ls, mv, ln, readlink, truncate, rm and cat run busybox.
 */
import type { Case } from '../model/case.js';
import { SEED_CONTENT, SEED_FILE } from '../model/case.js';
import { planWorkload, TRUNCATED_DATA, WORKLOAD_DATA, workloadNames, type PlannedMount } from './plan.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, OP_PREFIX, PROBE_END } from './protocol.js';

/** Quotes a string as one POSIX sh word. */
export function shQuote(s: string): string {
  return `'${s.split("'").join(`'\\''`)}'`;
}

// Helpers every probe defines. F holds the failure detail of the last op ('' = ok).
//   x CMD…   run CMD in a subshell; F = first line of its output on failure
//   r I D OP print the protocol line for F
const PRELUDE = String.raw`NL='
'
x() {
  F=$("$@" 2>&1) && { F=; return 0; }
  s=$?
  F=${'$'}{F%%"$NL"*}
  [ -n "$F" ] || F="exit status $s"
  return 1
}
r() {
  if [ -z "$F" ]; then printf '%s %s %s %s ok\n' ${OP_PREFIX} "$1" "$2" "$3"
  else printf '%s %s %s %s fail %s\n' ${OP_PREFIX} "$1" "$2" "$3" "$F"; fi
}
mk() { : > "$1"; }
wr() { echo ${WORKLOAD_DATA} > "$1"; }
wx() { echo x > "$1"; }
line1() {
  L=
  { IFS= read -r L || [ -n "$L" ]; } < "$1" || { echo "cannot read $1"; return 1; }
  [ "$L" = "$2" ] || { echo "first line is '$L'"; return 1; }
}
exact() {
  L=
  if { IFS= read -r L; } < "$1"; then echo "more than one line"; return 1; fi
  [ "$L" = "$2" ] || { echo "content is '$L'"; return 1; }
}
lists() {
  O=$(busybox ls -a "$1" 2>&1) || { F=${'$'}{O%%"$NL"*}; [ -n "$F" ] || F="ls failed"; return 1; }
  shift
  F=
  for n; do
    case "$NL$O$NL" in *"$NL$n$NL"*) ;; *) F="$n not listed"; return 1 ;; esac
  done
}
symlink() {
  x busybox ln -s "$2" "$1" || return 1
  O=$(busybox readlink "$1" 2>&1)
  [ "$O" = "$2" ] || F="readlink gives '${'$'}{O%%"$NL"*}'"
}
truncated() {
  x busybox truncate -s ${TRUNCATED_DATA.length} "$1" || return 1
  x exact "$1" ${TRUNCATED_DATA}
}
unlinked() {
  x busybox rm "$1" || return 1
  if [ -e "$1" ] || [ -L "$1" ]; then F="still exists"; fi
}
denied() {
  if x "$@"; then F="write succeeded"; else F=; fi
}
rwdir() {
  x mk "$2/$3"; r "$1" "$2" create
  x wr "$2/$3"; r "$1" "$2" write
  x line1 "$2/$3" ${WORKLOAD_DATA}; r "$1" "$2" read
  x busybox mkdir "$2/$4"; r "$1" "$2" mkdir
  lists "$2" "$3" "$4"; r "$1" "$2" readdir
  x busybox mv "$2/$3" "$2/$5"; r "$1" "$2" rename
  symlink "$2/$6" "$7"; r "$1" "$2" symlink
  truncated "$2/$5"; r "$1" "$2" truncate
  unlinked "$2/$6"; r "$1" "$2" unlink
}
rodir() {
  x line1 "$2/${SEED_FILE}" ${SEED_CONTENT.trimEnd()}; r "$1" "$2" read
  lists "$2" ${SEED_FILE}; r "$1" "$2" readdir
  denied mk "$2/$3"; r "$1" "$2" write-denied
}
rwfile() {
  x busybox cat "$2"; r "$1" "$2" read
  x wr "$2"; r "$1" "$2" write
  x line1 "$2" ${WORKLOAD_DATA}; r "$1" "$2" readback
}
rofile() {
  x busybox cat "$2"; r "$1" "$2" read
  denied wx "$2"; r "$1" "$2" write-denied
}`;

const MOUNTINFO = String.raw`echo ${MOUNTINFO_BEGIN}
while IFS= read -r L || [ -n "$L" ]; do printf '%s\n' "$L"; done < /proc/self/mountinfo
echo ${MOUNTINFO_END}`;

/**
 * One planned mount's workload call: the function (rwdir, rodir, rwfile,
 * rofile) and its arguments, index first. The shell probe and the native
 * probe (src/probe/native.ts) take the same calls.
 */
export function workloadCall(m: PlannedMount): string[] {
  const n = workloadNames(m.prefix);
  const fn = m.kind === 'file' ? (m.readonly ? 'rofile' : 'rwfile') : m.readonly ? 'rodir' : 'rwdir';
  const names = m.kind === 'file' ? [] : m.readonly ? [n.denied] : [n.file, n.dir, n.moved, n.link, basename(n.moved)];
  return [fn, String(m.index), m.destination, ...names];
}

function shellCall(m: PlannedMount): string {
  const [fn, index, ...words] = workloadCall(m);
  return [fn, index, ...words.map(shQuote)].join(' ');
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The busybox sh script that prints mountinfo, runs the case's workload and ends with DFC-END. */
export function probeScript(c: Case): string {
  return [PRELUDE, MOUNTINFO, ...planWorkload(c).map(shellCall), `echo ${PROBE_END}`, 'exit 0', ''].join('\n');
}
