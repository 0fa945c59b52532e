/**
 * Removes every annotation from a bundle's config.json, in place (the bundle
 * is the harness's temporary copy). Usage: node strip-annotations.mjs BUNDLE
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from './bundle.mjs';

const bundle = process.argv[2] ?? '.';
const config = readConfig(bundle);
delete config.annotations;
writeFileSync(join(bundle, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
