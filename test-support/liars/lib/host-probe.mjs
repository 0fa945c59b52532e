/**
 * Runs the bundle's probe on the host instead of in a sandbox, the way a
 * runner that treats bind mounts as their sources would: mountinfo is the
 * host's own, and each workload call gets the mount's source directory in
 * place of its destination. To keep the host safe, a destination whose source
 * is not strictly inside the bundle is replaced by a path under the bundle
 * that does not exist, the probe runs from a directory inside the bundle, and
 * a rewritten script that still names an absolute path outside the bundle is
 * refused. Usage: node host-probe.mjs BUNDLE
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NATIVE_HEAD, nativeCalls, parseCall, readConfig, readNativeArgs, readProbeLines, shQuote } from './bundle.mjs';

const bundle = resolve(process.argv[2] ?? '.');
const inside = (p) => p.startsWith(`${bundle}/`);

/** The host path standing in for spec mount `index`: its source when that stays inside the bundle. */
function hostPathOf(mounts, index) {
  const source = mounts[index]?.source ?? '';
  const path = resolve(bundle, source);
  return source !== '' && inside(path) ? path : join(bundle, 'host-probe-void', String(index));
}

function rewrite(lines, mounts) {
  return lines.map((line) => {
    const call = parseCall(line);
    if (call === null) return line;
    return `${call.fn} ${call.index} ${shQuote(hostPathOf(mounts, call.index))}${call.rest}`;
  });
}

/** The native probe's arguments with each call's destination replaced the same way. */
function rewriteNative(args, mounts) {
  const calls = nativeCalls(args).map(([fn, index, , ...names]) => [fn, index, hostPathOf(mounts, Number(index)), ...names]);
  return [...args.slice(0, NATIVE_HEAD), ...calls.flat()];
}

const mounts = readConfig(bundle).mounts ?? [];
const native = readNativeArgs(bundle);
const script = native === null ? rewrite(readProbeLines(bundle), mounts) : [];
const args = native === null ? [] : rewriteNative(native, mounts);
const named = [
  ...script.flatMap((line) => [...line.matchAll(/'(\/[^']*)'/g)].map((m) => m[1])),
  ...args.filter((a) => a.startsWith('/')),
];
const outside = named.filter((p) => !inside(p));
if (outside.length > 0) {
  process.stderr.write(`host-probe liar: refusing to run a probe that names ${outside[0]}\n`);
  process.exit(125);
}
const cwd = join(bundle, 'host-probe-cwd');
mkdirSync(cwd, { recursive: true });
writeFileSync(join(bundle, 'host-probe.sh'), script.join('\n'));
const bin = join(bundle, 'rootfs/bin');
const argv = native === null ? [join(bin, 'busybox'), 'sh', join(bundle, 'host-probe.sh')] : [join(bin, 'dfc-probe'), ...args];
const r = spawnSync(argv[0], argv.slice(1), {
  cwd,
  env: { PATH: bin },
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.exit(r.status ?? 1);
