import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { caseSchema } from '../model/case-schema.js';
import { indexOffset, sentryView, goferView } from './pod-cases.js';
import { subcontainerConfig, SANDBOX_ARGS } from './pod-materialize.js';
import { podScript } from './pod-script.js';
import { planWorkload } from '../probe/plan.js';

const M = 'dev.gvisor.spec.mount.';
const OFF = {
  [`${M}v.source`]: '$ROOT/v',
  [`${M}v.type`]: 'bind',
  [`${M}v.share`]: 'shared',
  [`${M}v.directfs`]: 'off',
};
const BIND = { destination: '/v', type: 'bind', source: '$ROOT/v', options: ['rbind'] };

const POD: Case = {
  flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
  spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: OFF },
  fixtures: [{ path: 'v', kind: 'dir' }],
  pod: { containers: [{ name: 'a', mounts: [BIND], annotations: { 'x.y': 'z' }, directfsOverride: false }] },
};

describe('pod case schema', () => {
  it('loads a pod case, and a single-container case without `pod`', () => {
    expect(caseSchema.safeParse(POD).success).toBe(true);
    const { pod: _p, ...single } = POD;
    expect(caseSchema.safeParse(single).success).toBe(true);
  });

  it('refuses four subcontainers, duplicate names, a host path outside the case root and flag annotations', () => {
    const sub = POD.pod?.containers[0];
    const withSubs = (containers: unknown[]) => caseSchema.safeParse({ ...POD, pod: { containers } }).success;
    expect(withSubs([1, 2, 3, 4].map((i) => ({ ...sub, name: `c${i}` })))).toBe(false);
    expect(withSubs([sub, sub])).toBe(false);
    expect(withSubs([{ ...sub, mounts: [{ ...BIND, source: '/etc' }] }])).toBe(false);
    expect(withSubs([{ ...sub, annotations: { 'dev.gvisor.flag.directfs': 'false' } }])).toBe(false);
    expect(withSubs([{ ...sub, name: 'Bad.Name' }])).toBe(false);
  });
});

describe('pod views', () => {
  it("the sentry sees the pod's mount hints plus the subcontainer's other annotations; its gofer only its own", () => {
    expect(sentryView(POD, 0).spec.annotations).toEqual({ ...OFF, 'x.y': 'z' });
    expect(goferView(POD, 0).spec.annotations).toEqual({ 'x.y': 'z' });
    expect(sentryView(POD, 0).flags.directfs).toBe(false);
  });

  it("numbers a subcontainer's workload in its own index range", () => {
    expect(planWorkload(sentryView(POD, 0, true)).map((p) => p.index)).toEqual([indexOffset(1)]);
    expect(planWorkload(sentryView(POD, 0)).map((p) => p.index)).toEqual([0]);
  });
});

describe('pod bundles and script', () => {
  it("writes a subcontainer's config with absolute sources, the pod annotations and its flag override", () => {
    const cfg = subcontainerConfig(POD, 0, '/r', 'sid');
    expect(cfg.mounts[0]?.source).toBe('/r/v');
    expect(cfg.annotations).toMatchObject({
      'io.kubernetes.cri.container-type': 'container',
      'io.kubernetes.cri.sandbox-id': 'sid',
      'dev.gvisor.flag.directfs': 'false',
    });
    expect(SANDBOX_ARGS.join(' ')).toContain('/probe.sh; exec busybox sleep');
  });

  it('creates and starts the sandbox, then each subcontainer, and deletes them all', () => {
    const text = podScript({
      runsc: '/x/runsc',
      globalArgs: ['--root=/s'],
      sandboxBundle: '/r',
      sandboxId: 'sid',
      subcontainers: [{ name: 'a', bundle: '/r/pod/a', id: 'sid-a' }],
      outDir: '/r/pod/out',
      logDir: '/r/logs',
    });
    const order = [
      "create --bundle '/r'",
      'r start "$SID"',
      "create --bundle '/r/pod/a'",
      "r start 'sid-a'",
      "r wait 'sid-a'",
      "delete -force 'sid-a'",
      'delete -force "$SID"',
    ];
    const at = order.map((s) => text.lastIndexOf(s));
    expect(
      at.every((i) => i >= 0),
      text,
    ).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });
});
