/** The fake runsc targets of the process-safety tests, and finding the processes a test started by a marker. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Directory of the fake runsc executables (POSIX sh scripts). */
export const FAKE_TARGETS = fileURLToPath(new URL('../../test-support/fake-targets/', import.meta.url));

/** Path of one fake target. */
export function fakeTarget(
  name: 'holds-stdout' | 'background-children' | 'ignores-term' | 'records-concurrency',
): string {
  return join(FAKE_TARGETS, `${name}.sh`);
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/** Live (non-zombie) pids other than this one whose environment or argv contains `marker`, with their argv. */
export function processesWithMarker(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e) && e !== String(process.pid))) {
    const status = readProc(pid, 'status');
    if (/^State:\s+Z/m.test(status)) continue;
    const cmd = readProc(pid, 'cmdline').split('\0').join(' ');
    if (readProc(pid, 'environ').includes(marker) || cmd.includes(marker)) found.push(`${pid}: ${cmd}`);
  }
  return found;
}

/** Waits (bounded) until no process carries `marker`; returns those still there. */
export async function awaitNoMarkedProcess(marker: string, ms = 3_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = processesWithMarker(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesWithMarker(marker);
  }
  return left;
}
