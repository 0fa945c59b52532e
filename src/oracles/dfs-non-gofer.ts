/** DFS-NON-GOFER: sentry-internal mounts never carry directfs and are unaffected by directfs keys. */
import type { MountLine } from '../model/observation.js';
import { DIRECTFS_OPTION } from '../model/observation.js';
import { contractOf } from './contract.js';
import type { Verdict } from '../model/verdict.js';
import { hasDirectfsKeys, withoutDirectfsKeys } from '../model/transforms.js';
import { joinReasons, pairedGate, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-NON-GOFER';

const isInternal = (l: MountLine) => l.fsType !== '9p' && l.fsType !== 'overlay';
/** Descriptions already made, per line object: observations share one object per distinct line. */
const DESCRIBED = new WeakMap<MountLine, string>();

/** A line as compared with the paired run: everything but its mount point. */
function describe(l: MountLine): string {
  let d = DESCRIBED.get(l);
  if (d === undefined) {
    d = `${l.fsType} ${l.mountSource} ${l.mountOptions} [${l.superOptions.join(',')}]`;
    DESCRIBED.set(l, d);
  }
  return d;
}

/** Whether `item` is one of the comma-separated items of `list` (`list.split(',').includes(item)`, no array). */
function hasListItem(list: string, item: string): boolean {
  for (let from = 0; ;) {
    const comma = list.indexOf(',', from);
    const end = comma < 0 ? list.length : comma;
    if (end - from === item.length && list.startsWith(item, from)) return true;
    if (comma < 0) return false;
    from = comma + 1;
  }
}

/**
 * Judges DFS-NON-GOFER (reference §2.2 sentry-internal filesystems). Minimum to
 * pass: sentry-internal lines compared with the paired run (the same case
 * without its directfs keys). A case without keys can still fail (a
 * sentry-internal line with directfs) but cannot pass: "unaffected by the keys"
 * is not judged there.
 */
export const dfsNonGofer: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const own = ctx.obs.mounts.filter(isInternal);
  const problems: string[] = [];
  for (const l of own) {
    const carries = l.superOptions.includes(DIRECTFS_OPTION) || hasListItem(l.mountOptions, DIRECTFS_OPTION);
    if (carries) problems.push(`${l.mountPoint}: ${l.fsType} mount has directfs`);
  }
  // runsc always mounts /proc, /sys and /dev itself (reference §2.2): a started sandbox without them lies.
  if (own.length === 0) problems.push('no sentry-internal mount line at all (runsc always mounts /proc, /sys, /dev)');
  const expected = 'no directfs on sentry-internal mounts; same lines as without the directfs keys';
  const fail = (): Verdict => {
    const observed = joinReasons(problems);
    const mount = problems[0]?.split(':')[0] ?? '';
    return verdict(ID, 'failed', observed, {
      observedMounts: own.length,
      mount,
      expected,
      observed,
      kinds: ['mount-state'],
    });
  };
  if (problems.length > 0) return fail();
  if (!hasDirectfsKeys(ctx.case)) {
    return verdict(
      ID,
      'not-applicable',
      `the case has no directfs keys: ${own.length} internal line(s) without directfs, nothing to compare`,
    );
  }
  const paired = pairedGate(ID, ctx, () => contractOf(withoutDirectfsKeys(ctx.case)));
  if (!('outcome' in paired)) return paired;
  const theirLines = paired.mounts.filter(isInternal);
  const theirs = theirLines.map(describe);
  const mine = own.map(describe);
  for (const [i, d] of mine.entries())
    if (!theirs.includes(d)) problems.push(`${own[i]?.mountPoint}: ${d} with the directfs keys, not without`);
  for (const [i, d] of theirs.entries())
    if (!mine.includes(d)) problems.push(`${theirLines[i]?.mountPoint}: ${d} without the directfs keys, not with`);
  if (problems.length > 0) return fail();
  const list = own.map((l) => `${l.mountPoint} (${l.fsType})`).join(', ');
  return verdict(
    ID,
    'passed',
    `${own.length} sentry-internal mount(s) without directfs, identical without the directfs keys: ${list}`,
    {
      observedMounts: own.length,
      expected,
    },
  );
};
