/** Pure helpers that turn a Case's ROOT_TOKEN paths into absolute ones and back. */
import { ROOT_TOKEN, type Case, type OciMount } from './case.js';

/** Replaces every ROOT_TOKEN in `text` with `caseRoot`. */
export function resolveRootToken(text: string, caseRoot: string): string {
  return text.includes(ROOT_TOKEN) ? text.split(ROOT_TOKEN).join(caseRoot) : text;
}

/** Replaces every occurrence of `caseRoot` in `text` with ROOT_TOKEN. */
export function maskCaseRoot(text: string, caseRoot: string): string {
  return caseRoot === '' ? text : text.split(caseRoot).join(ROOT_TOKEN);
}

/** A mount with ROOT_TOKEN resolved, as it goes into config.json. */
export function resolveMount(m: OciMount, caseRoot: string): OciMount {
  return m.source === undefined ? { ...m } : { ...m, source: resolveRootToken(m.source, caseRoot) };
}

/**
 * The annotations as entries in the spec's order with ROOT_TOKEN resolved in
 * every value. The simulator reads them as entries: building a record takes a
 * hidden-class transition per distinct key (a tenth of a simulated run, measured).
 */
export function resolvedAnnotationEntries(c: Case, caseRoot: string): [string, string][] {
  const entries = Object.entries(c.spec.annotations);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as [string, string];
    e[1] = resolveRootToken(e[1], caseRoot);
  }
  return entries;
}

/** The annotations with ROOT_TOKEN resolved in every value, as config.json holds them. */
export function resolveAnnotations(c: Case, caseRoot: string): Record<string, string> {
  return Object.fromEntries(resolvedAnnotationEntries(c, caseRoot));
}

/**
 * Absolute host path a spec source names, the way runsc's spec fixing does it
 * (reference §2.1): absolute sources verbatim, relative ones joined to the
 * bundle directory (the case root) and cleaned.
 */
export function absolutizeSource(source: string, caseRoot: string): string {
  const resolved = resolveRootToken(source, caseRoot);
  if (resolved.startsWith('/')) return resolved;
  return cleanPath(`${caseRoot}/${resolved}`);
}

/** A path that path.Clean would change: `//`, a `.` or `..` element, or a trailing slash. */
const UNCLEAN_PATH = /\/\/|(?:^|\/)\.{1,2}(?:\/|$)|\/$/;

/** Lexical path cleaning like Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  if (p === '/' || !UNCLEAN_PATH.test(p)) return p;
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Kind of the host object at a cleaned path relative to the case root, from the case's fixtures. */
export function fixtureKind(c: Case, relPath: string): 'dir' | 'file' | 'missing' {
  const clean = cleanPath(relPath);
  if (clean === '.') return 'dir';
  const fixture = c.fixtures.find((f) => cleanPath(f.path) === clean);
  if (fixture !== undefined) return fixture.kind;
  // The rootfs directory is always made by the harness; nothing else exists unless it is a fixture.
  return clean === 'rootfs' ? 'dir' : 'missing';
}
