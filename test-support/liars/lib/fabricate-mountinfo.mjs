/**
 * Prints what a modern runsc's probe would print for the bundle when every
 * mount is fine: a 9p line with `directfs` for the root and every bind mount,
 * the sentry's own filesystems, and `ok` for every workload operation. It runs
 * nothing and touches nothing, so no workload effect reaches the host.
 * Usage: node fabricate-mountinfo.mjs BUNDLE
 */
import { OPS_OF, parseCall, readConfig, readProbeLines } from './bundle.mjs';

const GOFER = 'trans=fd,rfdno=4,wfdno=4,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000';
const GOFER_TAIL = 'cache=remote_revalidating,disable_fifo_open,directfs';
const SENTRY = [
  ['/proc', 'proc', 'rw,dentry_cache_limit=1000'],
  ['/sys', 'sysfs', 'rw,dentry_cache_limit=1000'],
  ['/dev', 'dev', 'rw,mode=0755'],
  ['/dev/pts', 'devpts', 'rw'],
  ['/tmp', 'tmpfs', 'rw,mode=01777'],
];

function isBind(m) {
  const opts = m.options ?? [];
  return m.type === 'bind' || opts.includes('bind') || opts.includes('rbind');
}

function mountinfoLines(config) {
  const lines = [];
  let id = 16;
  const add = (point, type, options) => {
    const mode = options.split(',')[0];
    lines.push(`${id} ${point === '/' ? 15 : 16} 0:${id + 2} / ${point} ${mode} - ${type} none ${options}`);
    id += 1;
  };
  add('/', '9p', `${config.root.readonly ? 'ro' : 'rw'},${GOFER},${GOFER_TAIL}`);
  const seen = new Set(['/']);
  for (const m of config.mounts ?? []) {
    const point = m.destination.startsWith('/') ? m.destination : `/${m.destination}`;
    const mode = (m.options ?? []).includes('ro') ? 'ro' : 'rw';
    if (isBind(m)) add(point, '9p', `${mode},${GOFER},${GOFER_TAIL}`);
    else add(point, m.type === 'sysfs' ? 'sysfs' : (m.type ?? 'tmpfs'), mode);
    seen.add(point);
  }
  for (const [point, type, options] of SENTRY) if (!seen.has(point)) add(point, type, options);
  return lines;
}

const bundle = process.argv[2] ?? '.';
const out = ['DFC-MOUNTINFO-BEGIN', ...mountinfoLines(readConfig(bundle)), 'DFC-MOUNTINFO-END'];
for (const call of readProbeLines(bundle).map(parseCall)) {
  if (call === null) continue;
  for (const op of OPS_OF[call.fn]) out.push(`DFC-OP ${call.index} ${call.destination} ${op} ok`);
}
out.push('DFC-END');
process.stdout.write(`${out.join('\n')}\n`);
