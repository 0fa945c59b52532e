/**
 * The vendor claim: a spec annotation naming, by a Go `path.Match` glob, the
 * mounts a vendor gofer serves itself without donating a host FD (the
 * `vendor-gofer/` build). A build without such a gofer ignores it.
 */
import type { Case } from './case.js';

/** The annotation whose value is the glob matched against each gofer mount's source (and the root path). */
export const CLAIM_ANNOTATION = 'dev.directfs-conformance.vendor.claim';

/** The case's claim glob, or null when it claims nothing (absent or empty, as the gofer reads it). */
export function claimGlobOf(annotations: Readonly<Record<string, string>>): string | null {
  const glob = annotations[CLAIM_ANNOTATION];
  return glob === undefined || glob === '' ? null : glob;
}

/** True when the case carries a claim glob. */
export function hasClaim(c: Case): boolean {
  return claimGlobOf(c.spec.annotations) !== null;
}

/** Escapes a character for a RegExp source. */
function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|-]/.test(ch) ? `\\${ch}` : ch;
}

/** A `[...]` class of a glob starting after `[` at `i`: its RegExp and the index after `]`, or null when malformed. */
function translateClass(glob: string, i: number): { source: string; next: number } | null {
  let j = i;
  let negate = false;
  if (glob[j] === '^') {
    negate = true;
    j++;
  }
  const parts: string[] = [];
  const readChar = (): string | null => {
    if (glob[j] === '\\') j++;
    const ch = glob[j];
    if (ch === undefined) return null;
    j++;
    return ch;
  };
  while (true) {
    if (glob[j] === ']' && parts.length > 0) break;
    if (j >= glob.length || (glob[j] === ']' && parts.length === 0)) return null;
    const lo = readChar();
    if (lo === null) return null;
    if (glob[j] === '-') {
      j++;
      const hi = readChar();
      if (hi === null || hi < lo) return null;
      parts.push(`${escapeChar(lo)}-${escapeChar(hi)}`);
    } else parts.push(escapeChar(lo));
  }
  // A class never matches the separator.
  return { source: negate ? `[^/${parts.join('')}]` : `(?!/)[${parts.join('')}]`, next: j + 1 };
}

/** The RegExp of a Go `path.Match` pattern, or null when the pattern is malformed (`path.ErrBadPattern`). */
export function globRegExp(glob: string): RegExp | null {
  let out = '';
  for (let i = 0; i < glob.length;) {
    const ch = glob[i] as string;
    if (ch === '*') {
      out += '[^/]*';
      i++;
    } else if (ch === '?') {
      out += '[^/]';
      i++;
    } else if (ch === '[') {
      const cls = translateClass(glob, i + 1);
      if (cls === null) return null;
      out += cls.source;
      i = cls.next;
    } else if (ch === '\\') {
      const next = glob[i + 1];
      if (next === undefined) return null;
      out += escapeChar(next);
      i += 2;
    } else {
      out += escapeChar(ch);
      i++;
    }
  }
  return new RegExp(`^${out}$`);
}

/** Go's `path.Match(glob, name)`: true, false, or `'bad-pattern'`. */
export function matchGlob(glob: string, name: string): boolean | 'bad-pattern' {
  const re = globRegExp(glob);
  return re === null ? 'bad-pattern' : re.test(name);
}

/** True when `glob` (null: no claim) claims `source`; a malformed glob claims nothing here. */
export function claimsSource(glob: string | null, source: string): boolean {
  return glob !== null && source !== '' && matchGlob(glob, source) === true;
}
