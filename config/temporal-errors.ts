/**
 * What a Temporal error means to the person who met it, decided once for the CLI (config/connection.ts) and the
 * web (web/guards.ts).
 */

/**
 * Temporal's answer when no worker took a query in time (gRPC 4, DEADLINE_EXCEEDED: "query timed out before a
 * worker could process it"): the server answered, the workflow's worker did not — it is behind (a backlog after
 * a large start) or not running, not broken. A connection that did not come up in time is an unreachable server
 * instead ("Failed to connect to Temporal server", "Failed to connect before the deadline"), whatever its code.
 */
export function workflowDidNotAnswer(err: unknown): boolean {
  let timedOut = false;
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, n = 0; e && n < 5; e = e.cause as typeof e, n++) {
    const message = String(e.message ?? '');
    if (/query timed out/.test(message)) return true;
    if (/Failed to connect/.test(message)) return false;
    if (e.code === 4 || /DEADLINE_EXCEEDED/.test(message)) timedOut = true;
  }
  return timedOut;
}
