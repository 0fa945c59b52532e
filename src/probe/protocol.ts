/**
 * The probe's stdout protocol. The probe script (real runsc) and the
 * simulator both print it; the observation parser reads it.
 *
 *   DFC-MOUNTINFO-BEGIN
 *   <the sandbox's /proc/self/mountinfo, verbatim>
 *   DFC-MOUNTINFO-END
 *   DFC-OP <index> <destination> <op> ok
 *   DFC-OP <index> <destination> <op> fail <detail…>
 *   DFC-END
 */
export const MOUNTINFO_BEGIN = 'DFC-MOUNTINFO-BEGIN';
export const MOUNTINFO_END = 'DFC-MOUNTINFO-END';
export const OP_PREFIX = 'DFC-OP';
export const PROBE_END = 'DFC-END';

/** Formats one workload result line. */
export function formatOpLine(index: number, destination: string, op: string, ok: boolean, detail = ''): string {
  return ok
    ? `${OP_PREFIX} ${index} ${destination} ${op} ok`
    : `${OP_PREFIX} ${index} ${destination} ${op} fail ${detail}`.trimEnd();
}
