import { describe, expect, it } from 'vitest';
import type { TargetInfo } from '../model/target.js';
import { defaultReferenceId } from './targets.js';

const info = (id: string, kind: TargetInfo['kind'], profile: TargetInfo['profile']): TargetInfo => ({
  id,
  kind,
  path: kind === 'sim' ? null : id,
  version: 'v',
  profile,
});

describe('defaultReferenceId', () => {
  it('gives a path target no reference, whatever its version line claims', () => {
    expect(defaultReferenceId(info('/tmp/fake-runsc', 'runsc', 'modern'))).toBeNull();
    expect(defaultReferenceId(info('./runsc', 'runsc', 'modern'))).toBeNull();
  });
  it('keeps the simulator reference for simulator targets and none for pre-feature ones', () => {
    expect(defaultReferenceId(info('sim', 'sim', 'modern'))).toBe('sim:prefeature');
    expect(defaultReferenceId(info('sim:prefeature', 'sim', 'prefeature'))).toBeNull();
    expect(defaultReferenceId(info('runsc:legacy', 'runsc', 'legacy'))).toBeNull();
  });
});
