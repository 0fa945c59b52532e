/**
 * V8 tuning for the CLI, applied when this module is evaluated: main.ts
 * imports it first, before any module whose functions could be optimised.
 *
 * A simulator run is short (seconds) and flat: hundreds of functions become
 * hot at once, and with V8's defaults the optimising compiler spends about as
 * long as the run itself compiling (and, after deopts on differing case
 * shapes, recompiling) very large inlined functions — on one core its thread
 * takes that time from the run. Tiering up later (a ~15× interrupt budget)
 * and inlining less (a 50-byte cumulative budget instead of 920) keeps the
 * compiler for the functions that stay hot: measured on one core, a cold
 * `run --cases 1000` on the simulator dropped from ~9 s to ~5.5 s with a
 * 300,000 budget, and once the per-run code allocated less, 1,000,000 took
 * it from ~3.5 s to ~3.15 s more (and `--cases 4000` from ~11 s to 9–11 s);
 * a long in-process run still reaches the same steady-state speed within
 * seconds. Per-run code therefore mostly runs unoptimised, which is why the
 * simulator's is written for the interpreter (src/simulator/README.md).
 * Real runsc runs spend their time in runsc, so the flags do not matter there.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--interrupt-budget=1000000');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=50');
