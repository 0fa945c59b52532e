/**
 * One-line explanations of a failed cell: the counterexample's own detail,
 * led by what the build's capabilities say about it when they explain it
 * (the annotation rejected at sandbox creation, or ignored).
 */
import type { RequirementResult } from '../model/result.js';
import type { Capabilities, Finding, HintMode } from '../capabilities/capabilities.js';

const MAX_NOTE = 300;

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

function capabilityCause(what: string, f: Finding<HintMode>, stage: 'sandbox' | 'container'): string | null {
  if (f.value === 'rejected') return `${what} rejected at ${stage} creation (${f.evidence})`;
  if (f.value === 'ignored') return `${what} ignored: the sandbox starts and nothing changes (${f.evidence})`;
  return null;
}

/** The capability that explains a failure of this requirement on this build, if one does. */
export function causeOf(requirement: string, c: Capabilities): string | null {
  if (requirement === 'DFS-ROOTFS-OPT-OUT') return capabilityCause('rootfs annotation', c.rootfsOptOut, 'container');
  if (requirement === 'DFS-ROOTFS-ERRORS' && c.rootfsOptOut.value !== 'honoured') {
    return capabilityCause('rootfs annotation', c.rootfsOptOut, 'container');
  }
  return capabilityCause('annotation', c.mountOptOut, 'sandbox');
}

/** The one-line note of a failed requirement: cause (when known), then the shrunk counterexample. */
export function explainFailure(r: RequirementResult, c: Capabilities): string {
  const ce = r.counterexample;
  const where = ce?.verdict.mount === undefined ? '' : ` at ${ce.verdict.mount}`;
  const example =
    ce === null
      ? 'no counterexample kept'
      : `counterexample (${ce.origin}, ${ce.mounts} mount(s))${where}: ${ce.verdict.detail}`;
  const cause = causeOf(r.id, c);
  return clip(cause === null ? example : `${cause}; ${example}`, MAX_NOTE);
}
