/** Parsing of the sandbox's /proc/self/mountinfo as the probe prints it (reference §7). */
import { DIRECTFS_OPTION, type DirectfsState, type MountLine } from '../model/observation.js';

/** Decodes the octal escapes (`\040` for a space, …) mountinfo uses in paths. */
export function unescapeMountinfo(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Replaces the fd numbers of `rfdno=`/`wfdno=` options by `N`. */
export function maskFdOption(option: string): string {
  if (!option.startsWith('rfdno=') && !option.startsWith('wfdno=')) return option;
  return option.replace(/^(rfdno|wfdno)=\d+$/, '$1=N');
}

/** Directfs state a line shows: 9p by its last option, overlay never, anything else is off. */
export function directfsOf(fsType: string, superOptions: readonly string[]): DirectfsState {
  if (fsType === 'overlay') return 'unobservable';
  if (fsType === '9p') return superOptions[superOptions.length - 1] === DIRECTFS_OPTION ? 'on' : 'off';
  return 'off';
}

/** A line whose only whitespace is the space (splitting at spaces then equals splitting at `\s+`). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The non-empty pieces of `line` between spaces (`line.split(' ').filter(nonEmpty)` without the extra array). */
function spaceTokens(line: string): string[] {
  const out: string[] = [];
  let from = 0;
  while (from <= line.length) {
    let to = line.indexOf(' ', from);
    if (to < 0) to = line.length;
    if (to > from) out.push(line.slice(from, to));
    from = to + 1;
  }
  return out;
}

/**
 * Parses one mountinfo line, modern (`… rw - 9p …`) or legacy (`… rw  - 9p …`)
 * format, with optional tags before the separator. Returns null for a line
 * that is not a mountinfo line.
 */
export function parseMountinfoLine(line: string): MountLine | null {
  const tokens = PRINTABLE_ASCII.test(line) ? spaceTokens(line) : line.trim().split(/\s+/);
  const sep = tokens.indexOf('-', 6);
  if (sep < 0 || tokens.length < sep + 3) return null;
  const mountPoint = tokens[4];
  const mountOptions = tokens[5];
  const fsType = tokens[sep + 1];
  const mountSource = tokens[sep + 2];
  if (mountPoint === undefined || mountOptions === undefined || fsType === undefined || mountSource === undefined)
    return null;
  const rawSuper = tokens[sep + 3] ?? '';
  const options = rawSuper === '' ? [] : rawSuper.split(',');
  const superOptions = rawSuper.includes('fdno=') ? options.map(maskFdOption) : options;
  return {
    mountPoint: unescapeMountinfo(mountPoint),
    mountOptions,
    fsType,
    mountSource: unescapeMountinfo(mountSource),
    superOptions,
    directfs: directfsOf(fsType, superOptions),
  };
}

/** Parses the lines of a mountinfo block, skipping anything that is not a mountinfo line. */
export function parseMountinfo(lines: readonly string[]): MountLine[] {
  const out: MountLine[] = [];
  for (const line of lines) {
    const parsed = parseMountinfoLine(line);
    if (parsed !== null) out.push(parsed);
  }
  return out;
}
