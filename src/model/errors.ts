/** The few error classes the CLI maps to exit codes. */

/** Bad command-line input or environment: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A target that could not be run at all (binary missing, cannot create temp dirs): exit 2. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}

/** A bug in this suite: exit 2 with a stack. */
export class InternalError extends Error {
  override name = 'InternalError';
}
