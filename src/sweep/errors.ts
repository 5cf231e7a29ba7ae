/** The two ways a sweep refuses its input; both end the CLI with exit code 2 and one line. */

/** A config that does not validate; the message is one line naming the field. */
export class SweepConfigError extends Error {}

/** A sweep file that cannot be resumed, merged or plotted (another sweep, an edited line, a gap, a foreign build, a lock). */
export class SweepFileError extends Error {}
