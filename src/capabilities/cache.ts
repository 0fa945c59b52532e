/**
 * The capability cache: one JSON file per probed binary, named by the
 * sha256 of its content, under the suite's cache directory. A file written
 * by older probes, or one that does not parse, is ignored.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../harness/installed.js';
import { PROBE_VERSION, type Capabilities } from './capabilities.js';

/** Directory of the cached capabilities. */
export function capabilitiesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'capabilities');
}

/** sha256 (hex) of a file's content. */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

/** The cached capabilities of the binary with this hash, or null. */
export function readCachedCapabilities(sha256: string, dir = capabilitiesDir()): Capabilities | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, `${sha256}.json`), 'utf8')) as Partial<Capabilities>;
    if (parsed.schema !== 1 || parsed.probeVersion !== PROBE_VERSION || parsed.binarySha256 !== sha256) return null;
    return parsed as Capabilities;
  } catch {
    return null;
  }
}

/** Stores capabilities (atomically, by rename); a cache that cannot be written is not an error. */
export function writeCachedCapabilities(c: Capabilities, dir = capabilitiesDir()): void {
  if (c.binarySha256 === null) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${c.binarySha256}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`);
    renameSync(tmp, file);
  } catch {
    // Detection still answered; the next run probes again.
  }
}
