import { describe, expect, it } from 'vitest';
import { manglePath, ninePOptions, renderMountinfo, tmpfsOptions, type MountRow } from './mountinfo.js';
import { PROFILES } from './profiles.js';

const base = {
  fd: 5,
  dcache: '1000',
  cacheShared: true,
  disableFileHandleSharing: false,
  disableFifoOpen: true,
  overlayfsStaleRead: false,
  directfs: true,
};

describe('ninePOptions (reference §2.5)', () => {
  it('renders the fixed order with directfs last (modern)', () => {
    expect(ninePOptions(base, PROFILES.modern)).toBe(
      'trans=fd,rfdno=5,wfdno=5,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=remote_revalidating,disable_fifo_open,directfs',
    );
    expect(
      ninePOptions(
        { ...base, directfs: false, cacheShared: false, overlayfsStaleRead: true, disableFileHandleSharing: true },
        PROFILES.modern,
      ),
    ).toBe(
      'trans=fd,rfdno=5,wfdno=5,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=fscache,disable_file_handle_sharing,disable_fifo_open,overlayfs_stale_read',
    );
  });

  it('has no dcache, fifo or directfs options in 20221219', () => {
    expect(ninePOptions(base, PROFILES.legacy)).toBe(
      'trans=fd,rfdno=5,wfdno=5,aname=/,dfltuid=4294967294,dfltgid=4294967294,cache=remote_revalidating',
    );
  });
});

describe('tmpfsOptions', () => {
  it('prints size as rounded-up pages in KiB, in size/mode/uid/gid order (modern)', () => {
    expect(tmpfsOptions(['mode=1777', 'size=65536k'], PROFILES.modern)).toBe('size=65536k,mode=1777');
    expect(tmpfsOptions(['size=1m'], PROFILES.modern)).toBe('size=1024k');
    expect(tmpfsOptions(['size=1000'], PROFILES.modern)).toBe('size=4k');
    expect(tmpfsOptions(['size=lots'], PROFILES.modern)).toBeNull();
  });

  it('keeps the data verbatim before that', () => {
    expect(tmpfsOptions(['mode=1777', 'size=65536k'], PROFILES.prefeature)).toBe('mode=1777,size=65536k');
  });
});

describe('renderMountinfo', () => {
  const rows: MountRow[] = [
    {
      id: 21,
      parentId: 16,
      minor: 22,
      mountPoint: '/a b',
      readOnly: false,
      flags: { noSuid: true, noExec: true, noATime: false },
      fsType: 'tmpfs',
      fsOptions: '',
    },
    {
      id: 16,
      parentId: 15,
      minor: 18,
      mountPoint: '/',
      readOnly: true,
      flags: { noSuid: false, noExec: false, noATime: false },
      fsType: '9p',
      fsOptions: 'x=1',
    },
  ];

  it('sorts by mount ID and uses one space before the separator (modern)', () => {
    expect(renderMountinfo(rows, PROFILES.modern)).toBe(
      '16 15 0:18 / / ro - 9p none ro,x=1\n21 16 0:22 / /a\\040b rw,nosuid,noexec - tmpfs none rw\n',
    );
  });

  it('uses two spaces and the old flag order in 20221219', () => {
    expect(renderMountinfo(rows, PROFILES.legacy)).toBe(
      '16 15 0:18 / / ro  - 9p none ro,x=1\n21 16 0:22 / /a\\040b rw,noexec,nosuid  - tmpfs none rw\n',
    );
  });

  it('mangles whitespace and backslashes like Linux', () => {
    expect(manglePath('/a\\b\tc\nd')).toBe('/a\\134b\\011c\\012d');
  });
});
