import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import {
  checkOutputDir,
  checkOutputFile,
  checkOutputTargets,
  outputOf,
  writeFileAtomic,
  writeOutputs,
} from './output.js';

const work = mkdtempSync(join(tmpdir(), 'dfc-output-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (name: string) => join(work, name);

describe('checkOutputFile', () => {
  it('accepts an absent path and a regular file, leaving nothing behind', () => {
    writeFileSync(at('old.json'), 'old');
    const before = readdirSync(work).sort();
    expect(() => checkOutputFile('json', at('new.json'))).not.toThrow();
    expect(() => checkOutputFile('json', at('old.json'))).not.toThrow();
    expect(readdirSync(work).sort()).toEqual(before);
    expect(readFileSync(at('old.json'), 'utf8')).toBe('old');
  });

  it.each([
    ['a device', '/dev/null', /is a device/],
    ['a directory', tmpdir(), /is a directory/],
    ['a path in a missing directory', '/nonexistent-dfc/r.json', /does not exist/],
    ['a path under /proc', '/proc/dfc-r.json', /not writable/],
  ])('refuses %s with a UsageError naming the option', (_name, path, pattern) => {
    expect(() => checkOutputFile('json', path)).toThrow(UsageError);
    expect(() => checkOutputFile('json', path)).toThrow(pattern);
    expect(() => checkOutputFile('json', path)).toThrow(/^--json /);
  });

  it('refuses a FIFO and a symlink without touching them', () => {
    execFileSync('mkfifo', [at('fifo')]);
    symlinkSync(at('old.json'), at('link'));
    expect(() => checkOutputFile('junit', at('fifo'))).toThrow(/is a FIFO/);
    expect(() => checkOutputFile('junit', at('link'))).toThrow(/is a symlink/);
    expect(lstatSync(at('fifo')).isFIFO()).toBe(true);
    expect(lstatSync(at('link')).isSymbolicLink()).toBe(true);
  });
});

describe('checkOutputDir', () => {
  it('accepts an existing or creatable directory without creating it', () => {
    expect(() => checkOutputDir('failures-dir', at('later/deeper'))).not.toThrow();
    expect(readdirSync(work)).not.toContain('later');
  });
  it('refuses a file, and a directory under /proc', () => {
    writeFileSync(at('plain'), '');
    expect(() => checkOutputDir('failures-dir', at('plain'))).toThrow(/--failures-dir .*is not a directory/);
    expect(() => checkOutputDir('failures-dir', at('plain/sub'))).toThrow(/not a directory/);
    expect(() => checkOutputDir('failures-dir', '/proc/dfc-failures')).toThrow(/not writable/);
  });
});

describe('writing', () => {
  it('refuses two options naming one path', () => {
    expect(() => checkOutputTargets({ json: at('x'), junit: at('x') })).toThrow(/--junit .*same path as --json/);
    expect(() => checkOutputTargets({ json: at('x'), junit: undefined })).not.toThrow();
  });

  it('never replaces a non-regular file, even when it appears after the check', () => {
    symlinkSync('/dev/null', at('dev-link'));
    expect(() => writeFileAtomic(at('dev-link'), 'x')).toThrow(/symlink; not replaced/);
    expect(lstatSync(at('dev-link')).isSymbolicLink()).toBe(true);
  });

  it('collects failures as data and still writes the others', () => {
    mkdirSync(at('dir-out'));
    const failures = writeOutputs([
      outputOf('json', at('dir-out'), () => '{}'),
      outputOf('junit', undefined, () => 'never'),
      outputOf('junit', at('ok.xml'), () => '<ok/>'),
    ]);
    expect(failures.map((f) => f.option)).toEqual(['json']);
    expect(readFileSync(at('ok.xml'), 'utf8')).toBe('<ok/>');
    expect(readdirSync(work).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
