import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GLOG_LINE, parseGlogLine } from './glog-line.js';

/** What the regular expression makes of a line, in the parser's shape. */
function byRegex(line: string): ReturnType<typeof parseGlogLine> {
  const m = GLOG_LINE.exec(line);
  return m === null ? null : { severity: m[1] as 'I', message: m[2] ?? '' };
}

const REAL = 'I1126 17:25:24.500012       1 vfs.go:1067] Mounted "" to "/tmp" type: tmpfs, internal-options: ""';

/** Pieces of glog lines and the characters that break them. */
const PIECES = ['I', 'W', 'D', 'E', 'F', 'X', '1126', '7', ' ', '  ', '\t', '\u00a0', '\u2028', '\r', '\u3000'];
const MORE = ['17', ':', '25', '.', '921975', '4242', 'vfs.go', 'a:b', ':12', ']', '] ', 'msg', 'é', '\ud83d', '"'];

describe('parseGlogLine', () => {
  it('reads a real runsc line', () => {
    expect(parseGlogLine(REAL)).toEqual({
      severity: 'I',
      message: 'Mounted "" to "/tmp" type: tmpfs, internal-options: ""',
    });
  });

  it('rejects a bare line and a line cut before its message', () => {
    expect(parseGlogLine('running container: creating container: EOF')).toBeNull();
    expect(parseGlogLine('I1126 17:25:24.500012       1 vfs.go:1067]')).toBeNull();
    expect(parseGlogLine('I1126 17:25:24.500012       1 vfs.go:]  x')).toBeNull();
  });

  it('agrees with the regular expression on lines built from glog pieces', () => {
    const line = fc.array(fc.constantFrom(...PIECES, ...MORE), { maxLength: 14 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(line, (l) => {
        expect(parseGlogLine(l)).toEqual(byRegex(l));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the regular expression on lines whose every part may be broken', () => {
    // The first choice is the well-formed one, drawn most of the time so that later parts get reached.
    const part = (valid: string, ...broken: string[]) =>
      fc.oneof({ arbitrary: fc.constant(valid), weight: 4 }, { arbitrary: fc.constantFrom(...broken), weight: 1 });
    const line = fc.tuple(
      part('I', 'W', 'X', ''),
      part('1126', '112', '11a6'),
      part(' ', '  ', ''),
      part('17:25:24', '17:2524', '1:25:24'),
      part('.', '', ','),
      part('921975', '', '9'),
      part('       ', '', '\t', '\u3000', '\u00a0 ', '\u180e', '\ufeff', '\u2007', '\u2029'),
      part('1', '', '4242', '1a'),
      part(' ', '', '  ', '\t'),
      part('vfs.go', '', 'a b', 'x]y', 'a:b', 'é', ':', 'a\u3000b'),
      part(':1067', ':', '1067', ':10a', '::1', ':1:2'),
      part('] ', ']', ' ]', ']  ', '}'),
      part('msg', '', 'a\rb', 'a\u2028', 'x] y:1] z', 'a\nb', ' \u2029'),
    );
    fc.assert(
      fc.property(line, (parts) => {
        const l = parts.join('');
        expect(parseGlogLine(l)).toEqual(byRegex(l));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the regular expression on real lines with one character replaced, inserted or removed', () => {
    const ch = fc.constantFrom(...'0123456789 :.]\t\r\u2028\u00a0aZI', '\ufeff');
    const edit = fc.tuple(fc.nat({ max: REAL.length }), ch, fc.constantFrom('replace', 'insert', 'remove'));
    fc.assert(
      fc.property(edit, ([at, c, how]) => {
        const l =
          how === 'insert'
            ? REAL.slice(0, at) + c + REAL.slice(at)
            : REAL.slice(0, at) + (how === 'replace' ? c : '') + REAL.slice(at + 1);
        expect(parseGlogLine(l)).toEqual(byRegex(l));
      }),
      { numRuns: 3000 },
    );
  });
});
