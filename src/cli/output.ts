/** Writing output files whole or not at all. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes `content` to `path` through a temporary sibling and a rename, so no partial file is ever visible. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
