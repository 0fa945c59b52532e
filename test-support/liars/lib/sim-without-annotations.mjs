/**
 * Removes every annotation from the config.json of the bundle in LIAR_BUNDLE
 * (in place: the bundle is the harness's temporary copy), then runs the
 * simulator-backed runsc in this same process on the unchanged command line.
 * Usage: LIAR_BUNDLE=DIR node sim-without-annotations.mjs RUNSC-ARGS…
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from './bundle.mjs';

const bundle = process.env.LIAR_BUNDLE ?? '.';
const config = readConfig(bundle);
delete config.annotations;
writeFileSync(join(bundle, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
// sim-runsc reads process.argv.slice(2): the runsc arguments this script was given.
await import('../../../dist/cli/sim-runsc.js');
