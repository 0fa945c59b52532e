import { describe, expect, it } from 'vitest';
import { caseOf, hint, recordedCase, recordedObs } from './__fixtures__/kit.js';
import { goQuote, parsePodHints, parseRootfsHint } from './contract-hints.js';
import { canonicalSource } from './contract-paths.js';
import { contractOf } from './contract.js';

const bind = (destination: string, source: string, options?: string[]) => ({
  destination,
  type: 'bind',
  source,
  ...(options === undefined ? {} : { options }),
});
const mountAt = (k: ReturnType<typeof contractOf>, dest: string) => k.mounts.filter((m) => m.destination === dest);

describe('pod hints: key shape (reference §3.1)', () => {
  it('makes a 3-part, a key-less and an empty-name key fatal for the whole set', () => {
    expect(parsePodHints({ 'dev.gvisor.spec.mount.a.b.c': 'v' }).fatal).toEqual([
      'invalid mount annotation: dev.gvisor.spec.mount.a.b.c=v',
    ]);
    expect(parsePodHints({ 'dev.gvisor.spec.mount.vol': 'x' }).fatal).toEqual([
      'invalid mount annotation: dev.gvisor.spec.mount.vol=x',
    ]);
    expect(parsePodHints({ 'dev.gvisor.spec.mount..source': '/x' }).fatal).toEqual(['invalid mount name: ']);
    const k = contractOf(caseOf([], { ...hint('ok', '$ROOT/vol1'), 'dev.gvisor.spec.mount.a.b.c': 'v' }));
    expect(k.expectStart).toBe('no');
    expect(k.fatal?.stage).toBe('pod-hints');
  });

  it('ignores keys with another prefix, case-sensitively', () => {
    const h = parsePodHints({ 'Dev.gvisor.spec.mount.a.directfs': 'off', 'dev.gvisor.spec.mounts.a.b': 'x' });
    expect(h.hints).toEqual([]);
    expect(h.fatal).toEqual([]);
  });
});

describe('pod hints: fields and warnings (reference §3.1)', () => {
  it('warns for each invalid value or unknown key and leaves the field unset', () => {
    const h = parsePodHints({
      ...hint('a', '$ROOT/vol1', 'OFF'),
      'dev.gvisor.spec.mount.a.DirectFS': 'off',
      'dev.gvisor.spec.mount.b.source': '',
      'dev.gvisor.spec.mount.b.type': 'ext4',
      'dev.gvisor.spec.mount.b.share': 'none',
    });
    expect(h.warnings).toContain(
      'ignoring invalid mount annotation (name = "a", key = "directfs", value = "OFF"): invalid directfs value "OFF", want "default" or "off"',
    );
    expect(h.warnings).toContain(
      'ignoring invalid mount annotation (name = "a", key = "DirectFS", value = "off"): invalid mount annotation: DirectFS=off',
    );
    expect(h.warnings).toContain(
      'ignoring invalid mount annotation (name = "b", key = "source", value = ""): source cannot be empty',
    );
    expect(h.warnings).toContain(
      'ignoring invalid mount annotation (name = "b", key = "type", value = "ext4"): invalid type "ext4"',
    );
    expect(h.warnings).toContain(
      'ignoring invalid mount annotation (name = "b", key = "share", value = "none"): invalid share value "none"',
    );
    expect(h.warnings).toContain('ignoring mount annotations for "b" because of missing required field(s)');
    expect(h.surviving.map((x) => x.name)).toEqual(['a']);
    expect(h.surviving[0]?.suppressDirectfs).toBe(false);
  });

  it('matches the warning texts real runsc printed', () => {
    const obs = recordedObs('modern-invalid-values');
    const h = parsePodHints(recordedCase('modern-invalid-values').spec.annotations);
    expect([...h.warnings].sort()).toEqual([...obs.hintWarnings].sort());
  });

  it('drops an incomplete hint with its directfs: off, so the mount keeps directfs', () => {
    const c = caseOf([bind('/d', '$ROOT/vol1')], {
      'dev.gvisor.spec.mount.a.source': '$ROOT/vol1',
      'dev.gvisor.spec.mount.a.directfs': 'off',
    });
    const k = contractOf(c);
    expect(k.podHints.dropped.map((x) => x.name)).toEqual(['a']);
    expect(mountAt(k, '/d')[0]).toMatchObject({ role: 'gofer', directfs: 'on', optedOut: false, hint: null });
    expect(k.expectStart).toBe('yes');
  });

  it('lets default clear and off set the suppression', () => {
    expect(parsePodHints(hint('a', '/x', 'default')).surviving[0]?.suppressDirectfs).toBe(false);
    expect(parsePodHints(hint('a', '/x', 'off')).surviving[0]?.suppressDirectfs).toBe(true);
  });
});

describe('pod hints: duplicates and flakiness (reference §3.1, §8)', () => {
  it('makes two surviving hints with the same source fatal, naming the source', () => {
    const c = recordedCase('modern-duplicate-sources');
    const k = contractOf(c);
    expect(k.expectStart).toBe('no');
    expect(k.fatal).toEqual({ stage: 'pod-hints', fragments: ['have the same mount source "$ROOT/vol2"'] });
    expect(recordedObs('modern-duplicate-sources').error).toContain(k.fatal?.fragments[0]);
  });

  it('marks a dropped hint sharing a source with a surviving one flaky', () => {
    const k = contractOf(recordedCase('modern-flaky-gofer-fatal'));
    expect(k.flaky).toBe(true);
    expect(k.fatal).toBeNull();
    expect(k.expectStart).toBe('unknown');
    expect(k.flakyFragments).toEqual(['have the same mount source "$ROOT/vol1"']);
  });

  it('lets a dropped hint sharing a source collide before a certain duplicate', () => {
    const k = contractOf(
      caseOf([], {
        ...hint('h1', '$ROOT/vol1', undefined, 'bind', 'pod'),
        ...hint('h3', '$ROOT/vol2', undefined, 'tmpfs', 'container'),
        'dev.gvisor.spec.mount.h4.source': '$ROOT/vol1',
        ...hint('h5', '$ROOT/vol2', undefined, 'tmpfs', 'shared'),
      }),
    );
    expect(k.fatal).toEqual({
      stage: 'pod-hints',
      fragments: ['have the same mount source "$ROOT/vol2"', 'have the same mount source "$ROOT/vol1"'],
    });
    expect(k.flaky).toBe(false);
  });

  it('does not count two dropped hints with one source as anything', () => {
    const k = contractOf(
      caseOf([], { 'dev.gvisor.spec.mount.a.source': '/x', 'dev.gvisor.spec.mount.b.source': '/x' }),
    );
    expect(k.flaky).toBe(false);
    expect(k.expectStart).toBe('yes');
  });
});

describe('matching hints to spec mounts (reference §3.1 FindMount)', () => {
  it('compares the absolutized spec source string-exactly with the hint source', () => {
    const c = caseOf([bind('/rel', 'vol1'), bind('/slash', '$ROOT/vol2/'), bind('/rel-hint', '$ROOT/vol3')], {
      ...hint('a', '$ROOT/vol1', 'off'),
      ...hint('b', '$ROOT/vol2', 'off'),
      ...hint('c', 'vol3', 'off'),
    });
    const k = contractOf(c);
    expect(mountAt(k, '/rel')[0]).toMatchObject({ source: '$ROOT/vol1', optedOut: true, directfs: 'off' });
    expect(mountAt(k, '/slash')[0]).toMatchObject({ source: '$ROOT/vol2/', optedOut: false, directfs: 'on' });
    expect(mountAt(k, '/rel-hint')[0]?.optedOut).toBe(false);
    expect(canonicalSource('../outside')).toBe('/outside');
  });

  it('opts out every destination of a shared source and counts one host-FD warning each', () => {
    const k = contractOf(
      caseOf([bind('/a', '$ROOT/vol2'), bind('/b', '$ROOT/vol2')], hint('v', '$ROOT/vol2', 'off'), {
        overlay2: 'none',
      }),
    );
    expect(k.mounts.every((m) => m.optedOut)).toBe(true);
    expect(k.hostFdWarnings).toBe(2);
    expect(k.lisafsNeeded).toBe(true);
  });

  it('serves tmpfs+container/pod hints from the sentry, keeps tmpfs+shared and bind+pod on the gofer', () => {
    const c = caseOf([bind('/t', '$ROOT/vol1'), bind('/s', '$ROOT/vol2'), bind('/p', '$ROOT/vol3')], {
      ...hint('t', '$ROOT/vol1', 'off', 'tmpfs', 'pod'),
      ...hint('s', '$ROOT/vol2', 'off', 'tmpfs', 'shared'),
      ...hint('p', '$ROOT/vol3', 'off', 'bind', 'container'),
    });
    const k = contractOf(c);
    expect(mountAt(k, '/t')[0]).toMatchObject({ role: 'hint-tmpfs', directfs: null, optedOut: false });
    expect(mountAt(k, '/s')[0]).toMatchObject({ role: 'gofer', optedOut: true, overlaid: false });
    expect(mountAt(k, '/p')[0]).toMatchObject({ role: 'gofer', optedOut: true, overlaid: true });
    expect(k.hostFdWarnings).toBe(2);
  });

  it('treats --directfs=false as off everywhere with no opt-out and no warning', () => {
    const k = contractOf(
      caseOf([bind('/a', '$ROOT/vol1'), bind('/b', '$ROOT/vol2')], hint('v', '$ROOT/vol2', 'off'), { directfs: false }),
    );
    expect(k.mounts.map((m) => [m.directfs, m.optedOut])).toEqual([
      ['off', false],
      ['off', false],
    ]);
    expect(k.root.directfs).toBe('off');
    expect(k.hostFdWarnings).toBe(0);
    expect(k.lisafsNeeded).toBe(false);
  });

  it('overlays rw gofer mounts only under all:, never ro ones', () => {
    const k = contractOf(
      caseOf([bind('/rw', '$ROOT/vol1'), bind('/ro', '$ROOT/ro', ['ro'])], {}, { overlay2: 'all:memory' }),
    );
    expect(k.mounts.map((m) => m.overlaid)).toEqual([true, false]);
    expect(contractOf(caseOf([bind('/rw', '$ROOT/vol1')])).mounts[0]?.overlaid).toBe(false);
  });

  it('puts the later spec mount on top when two mounts share a cleaned destination (verified: `/a/` then `/a`)', () => {
    const k = contractOf(caseOf([bind('/a/', '$ROOT/vol2'), bind('/a', '$ROOT/vol1')]));
    expect(k.mounts.map((m) => [m.index, m.stackPos, m.stackSize, m.stackKnown])).toEqual([
      [0, 0, 2, true],
      [1, 1, 2, true],
    ]);
  });

  it('does not claim a mount order at a shared destination when the sort runsc uses is unstable (more than 12 mounts)', () => {
    const many = Array.from({ length: 8 }, (_, i) => bind(`/m${i}`, '$ROOT/vol1'));
    const k = contractOf(caseOf([...many, bind('/a', '$ROOT/vol2'), bind('/a', '$ROOT/vol3')]));
    expect(k.mounts.filter((m) => m.destination === '/a').map((m) => m.stackKnown)).toEqual([false, false]);
    expect(k.mounts[0]?.stackKnown).toBe(true);
  });
});

describe('rootfs hint (reference §3.2)', () => {
  it('makes directfs alone fatal with the missing-fields error real runsc printed', () => {
    const k = contractOf(recordedCase('modern-rootfs-missing-fields'));
    expect(k.fatal).toEqual({ stage: 'rootfs-hint', fragments: ['rootfs annotations missing required field(s)'] });
    expect(recordedObs('modern-rootfs-missing-fields').error).toContain(k.fatal?.fragments[0]);
  });

  it('makes an invalid directfs value fatal with the text real runsc printed', () => {
    const k = contractOf(recordedCase('modern-rootfs-invalid-value'));
    expect(k.fatal?.fragments).toEqual([
      'invalid rootfs annotation (key = "directfs", value = "on"): invalid directfs value "on", want "default" or "off"',
    ]);
    expect(recordedObs('modern-rootfs-invalid-value').error).toContain(k.fatal?.fragments[0]);
  });

  it('rejects relative sources, overlay none, bad options and unknown keys', () => {
    expect(parseRootfsHint({ 'dev.gvisor.spec.rootfs.source': 'rootfs' })?.errors).toEqual([
      'invalid rootfs annotation (key = "source", value = "rootfs"): source should be an absolute path, got "rootfs"',
    ]);
    expect(parseRootfsHint({ 'dev.gvisor.spec.rootfs.overlay': 'none' })?.errors[0]).toContain(
      'unexpected medium: "none"',
    );
    expect(parseRootfsHint({ 'dev.gvisor.spec.rootfs.options': 'ro' })?.errors[0]).toContain(
      'rootfs options must be key=value: ro',
    );
    expect(parseRootfsHint({ 'dev.gvisor.spec.rootfs.options': 'mode=1' })?.errors[0]).toContain(
      'invalid rootfs option: mode=1',
    );
    expect(parseRootfsHint({ 'dev.gvisor.spec.rootfs.a.b': 'x' })?.errors[0]).toContain(
      'invalid rootfs annotation: a.b=x',
    );
    expect(parseRootfsHint({})).toBeNull();
  });

  it('opts the root out and removes its default overlay when the hint is complete', () => {
    const k = contractOf(recordedCase('modern-rootfs-optout'));
    expect(k.root).toEqual({ gofer: true, directfs: 'off', optedOut: true, overlaid: false });
    expect(k.hostFdWarnings).toBe(1);
    const withOverlay = contractOf(recordedCase('modern-rootfs-optout-overlay'));
    expect(withOverlay.root.overlaid).toBe(true);
    expect(contractOf(caseOf([])).root).toEqual({ gofer: true, directfs: 'on', optedOut: false, overlaid: true });
    expect(contractOf(caseOf([], {}, { overlay2: 'none' })).root.overlaid).toBe(false);
  });

  it('puts flag validation, then spec validation, before any hint error (real runsc:modern)', () => {
    const bad = { 'dev.gvisor.spec.mount.a.b.c': 'x', 'dev.gvisor.spec.rootfs.directfs': 'off ' };
    const shared = bind('/m', '$ROOT/vol1', ['rbind', 'shared']);
    expect(contractOf(caseOf([shared], bad, { fileAccess: 'shared' })).fatal).toEqual({
      stage: 'flags',
      fragments: ['overlay flag is incompatible with shared file access'],
    });
    expect(contractOf(caseOf([shared], bad, { fileAccess: 'shared', overlay2: 'none' })).fatal).toEqual({
      stage: 'spec',
      fragments: ['mount option "shared" is not supported'],
    });
    const tmpfs = { destination: '/t', type: 'tmpfs', source: 'tmpfs', options: ['rshared'] };
    expect(contractOf(caseOf([tmpfs], bad)).fatal?.stage).toBe('pod-hints');
  });

  it('keeps a flaky pod hint set flaky when only the rootfs hint is fatal', () => {
    const k = contractOf(
      caseOf([], {
        'dev.gvisor.spec.mount.h2.source': '$ROOT/vol1',
        ...hint('h3', '$ROOT/vol1'),
        'dev.gvisor.spec.rootfs.directfs': 'Default',
      }),
    );
    expect(k.fatal?.stage).toBe('rootfs-hint');
    expect(k.flaky).toBe(true);
    expect(k.flakyFragments).toEqual(['have the same mount source "$ROOT/vol1"']);
  });

  it('lets pod hint errors win over rootfs errors', () => {
    const k = contractOf(caseOf([], { 'dev.gvisor.spec.mount.a.b.c': 'x', 'dev.gvisor.spec.rootfs.directfs': 'off' }));
    expect(k.fatal?.stage).toBe('pod-hints');
  });
});

describe('shapes the contract does not cover (reference §2.2, §2.3, §8)', () => {
  it('does not predict the start of binds at /dev/pts, propagation options or conflicting options', () => {
    expect(contractOf(caseOf([bind('/dev/pts', '$ROOT/vol1')])).expectStart).toBe('unknown');
    expect(contractOf(caseOf([bind('/x', '$ROOT/vol1', ['rshared'])])).uncovered[0]).toContain('propagation');
    expect(
      contractOf(caseOf([bind('/x', '$ROOT/vol1', ['overlayfs_stale_read', 'disable_file_handle_sharing'])]))
        .expectStart,
    ).toBe('unknown');
    expect(contractOf(caseOf([bind('/x', '$ROOT/vol1', ['ro', 'nosuid'])])).expectStart).toBe('yes');
  });

  it('does not predict read-only binds of a directory or a file under a container/pod hint overlay', () => {
    const container = (source: string) =>
      caseOf([bind('/f', source, ['rbind', 'ro'])], hint('h', source, undefined, 'bind', 'container'));
    expect(contractOf(container('$ROOT/file1')).uncovered).toEqual([
      'mount 0: read-only file bind with a container/pod hint (runsc fails to start)',
    ]);
    expect(contractOf(container('$ROOT/vol1')).expectStart).toBe('unknown');
    expect(contractOf(caseOf([bind('/f', '$ROOT/file1', ['rbind', 'ro'])], hint('h', '$ROOT/file1'))).expectStart).toBe(
      'yes',
    );
  });

  it('flags self-overlay filestore collisions but not memory overlays or file sources', () => {
    const two = [bind('/a', '$ROOT/vol1'), bind('/b', '$ROOT/vol1')];
    expect(contractOf(caseOf(two, {}, { overlay2: 'all:self' })).uncovered.join()).toContain('filestore collision');
    expect(contractOf(caseOf(two, {}, { overlay2: 'all:memory' })).expectStart).toBe('yes');
    expect(
      contractOf(caseOf([bind('/a', '$ROOT/file1'), bind('/b', '$ROOT/file1')], {}, { overlay2: 'all:self' }))
        .expectStart,
    ).toBe('yes');
    expect(contractOf(caseOf(two, hint('p', '$ROOT/vol1', undefined, 'bind', 'pod'))).uncovered.join()).toContain(
      'filestore collision',
    );
  });

  it('does not predict sources that are not fixtures and flag annotations', () => {
    expect(contractOf(caseOf([bind('/a', '$ROOT/nope')])).expectStart).toBe('unknown');
    expect(contractOf(caseOf([bind('/a', '/etc')])).expectStart).toBe('unknown');
    expect(contractOf(caseOf([], { 'dev.gvisor.flag.overlay2': 'all:memory' })).expectStart).toBe('unknown');
    expect(contractOf(caseOf([{ destination: '/b', type: 'bind' }])).uncovered).toEqual([
      'mount 0: bind without a source',
    ]);
  });
});

describe('goQuote', () => {
  it('quotes like Go %q for the characters hint values use', () => {
    expect(goQuote(' off')).toBe('" off"');
    expect(goQuote('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(goQuote('\x01')).toBe('"\\x01"');
  });
});
