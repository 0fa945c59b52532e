import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import { intOption, INT_OPTION_MAX, parseCommandOrHelp, stringOption, type CommandDeclaration } from './args.js';

describe('intOption', () => {
  it('takes values up to the option bound and refuses one more, naming the option and the bound', () => {
    for (const [name, max] of Object.entries(INT_OPTION_MAX)) {
      expect(intOption({ [name]: String(max) }, name, 0, 0)).toBe(max);
      expect(() => intOption({ [name]: String(max + 1) }, name, 0, 0)).toThrow(
        new RegExp(`^--${name} .*to ${max}, got`),
      );
    }
  });
  it('bounds --timeout below the overflow of Node timers', () => {
    expect(INT_OPTION_MAX.timeout * 1000).toBeLessThan(2 ** 31 - 1);
    expect(() => intOption({ timeout: '3000000' }, 'timeout', 60, 1)).toThrow(UsageError);
  });
  it('refuses non-numbers, below-minimum and absurd values', () => {
    expect(() => intOption({ cases: '1e3' }, 'cases', 1, 1)).toThrow(/whole number/);
    expect(() => intOption({ cases: '0' }, 'cases', 1, 1)).toThrow(/from 1 to/);
    expect(() => intOption({ cases: '99999999999999999999' }, 'cases', 1, 1)).toThrow(/from 1 to/);
  });
});

describe('stringOption', () => {
  it('refuses empty values', () => {
    expect(() => stringOption({ target: '' }, 'target')).toThrow(/--target needs a value/);
  });
});

describe('parseCommandOrHelp', () => {
  const decl: CommandDeclaration = {
    name: 'demo',
    usage: 'demo FILE',
    description: 'A demo.',
    options: { help: { type: 'boolean', short: 'h', help: 'help' } },
    positionals: { min: 1, max: 1, what: 'exactly one FILE' },
  };
  it('returns null after --help and the values otherwise', () => {
    expect(parseCommandOrHelp(decl, ['--help'])).toBeNull();
    expect(parseCommandOrHelp(decl, ['a'])?.positionals).toEqual(['a']);
  });
  it('refuses missing and extra positionals and unknown options in one line', () => {
    expect(() => parseCommandOrHelp(decl, [])).toThrow(/^demo needs exactly one FILE$/);
    expect(() => parseCommandOrHelp(decl, ['a', 'b'])).toThrow(/^demo: unexpected argument "b"/);
    expect(() => parseCommandOrHelp(decl, ['--nope', 'a'])).toThrow(/^demo: Unknown option '--nope'/);
  });
});
