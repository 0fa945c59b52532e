/**
 * What the simulator prints after a flag parse error (exit 2). Real runsc
 * prints its one-line error, then its usage synopsis and its list of
 * subcommands; the simulator keeps the error and the synopsis line and
 * stands in for the list, which no observation reads (the parser takes the
 * line before `Usage:`).
 */
const SYNOPSIS = 'Usage: runsc <flags> <subcommand> <subcommand args>';

function usage(build: string): string {
  return `${SYNOPSIS}\n\n(subcommand list of ${build}: not reproduced by the simulator)\n`;
}

/** Usage text of the post-feature build (go branch 2026-09-05). */
export const MODERN_USAGE = usage('the post-feature build');

/** Usage text of the pre-feature build (go branch 2026-05-08). */
export const PREFEATURE_USAGE = usage('the pre-feature build');

/** Usage text of Debian runsc 0.0~20221219.0. */
export const LEGACY_USAGE = usage('Debian runsc 0.0~20221219.0');
