/**
 * A workflow's main-loop wait ("until this holds, or until then") that never cancels its timer.
 *
 * `condition(fn, timeout)` cancels its timer when `fn` comes true first. On a real Temporal server a
 * CancelTimer for a timer that has just fired is harmless; the time-skipping test server behind
 * `rectify simulate` refuses that completion and never hands the workflow another task, so the
 * simulation stands still (temporalio/sdk-java#3088: "refused CancelTimer leaves the workflow task
 * complete in memory but STARTED in history"). Here the timer is left to fire: a loop woken early that
 * waits for the same instant again waits on the same timer, and a timer no longer wanted fires once for
 * nothing (the loop looks, finds nothing due, and waits again).
 */
import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/** The patch under which the loops wait this way; histories from before it replay with `condition(fn, timeout)`. */
export const KEPT_TIMERS_PATCH = 'kept-timers';

/** A waiter for one workflow: true when `fn` held first, false when `ms` passed. */
export function keptTimers(): (fn: () => boolean, ms: number) => Promise<boolean> {
  // Workflow time (deterministic) of each timer still running, so that a second wait for the same instant shares it.
  const timers = new Map<number, Promise<void>>();
  return async (fn, ms) => {
    if (fn()) return true;
    const at = Date.now() + ms;
    let timer = timers.get(at);
    if (!timer) {
      // Outside the condition's scope below: cancelling that scope never reaches the timer.
      timer = sleep(ms);
      timers.set(at, timer);
      void timer.then(() => { timers.delete(at); });
    }
    // The condition alone is cancelled when the timer wins: a condition has no command to cancel.
    const scope = new CancellationScope();
    const held = scope.run(() => condition(fn)).then(() => true, () => false);
    try {
      return await Promise.race([held, timer.then(() => false)]);
    } finally {
      scope.cancel();
    }
  };
}
