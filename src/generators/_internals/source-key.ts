/** The spec source as runsc matches it against hint sources. */
import { ROOT_TOKEN, type OciMount } from '../../model/case.js';
import { cleanPath } from '../../model/resolve.js';
import { rootPath } from './vocabulary.js';

/** The spec source as runsc absolutizes it (reference §2.1: relative joined to the bundle and cleaned, absolute verbatim), still written with ROOT_TOKEN. */
export function sourceKey(m: OciMount): string {
  const s = m.source ?? '';
  if (s.startsWith(ROOT_TOKEN) || s.startsWith('/')) return s;
  return rootPath(cleanPath(s));
}
