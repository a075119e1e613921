import { say } from '../config/language';

/**
 * An error meant for a person: the CLI prints it as is (no stack trace) and
 * exits with `code` (2: bad input, 1: failure). The runners below the CLI
 * (dev server, simulation, campaign start) refuse with it too.
 */
export class UserError extends Error {
  constructor(message: string, readonly code = 2) { super(message); }
}

/** A duration in seconds from the environment variable `name`: `fallback` when unset, a UserError naming it when not a positive number. */
export function secondsFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UserError(say(`${name} 应为正数（秒），而不是 "${raw}"`, `${name} must be a positive number of seconds, not "${raw}"`));
  }
  return n;
}
