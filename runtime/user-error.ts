/**
 * An error meant for a person: the CLI prints it as is (no stack trace) and
 * exits with `code` (2: bad input, 1: failure). The runners below the CLI
 * (dev server, simulation, campaign start) refuse with it too.
 */
export class UserError extends Error {
  constructor(message: string, readonly code = 2) { super(message); }
}
