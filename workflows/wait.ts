/**
 * A workflow's main-loop wait ("until this holds, or until then") that never cancels a timer due now.
 *
 * `condition(fn, timeout)` cancels its timer when `fn` comes true first. On a real Temporal server a
 * CancelTimer for a timer that has just fired is harmless; the time-skipping test server behind
 * `rectify simulate` refuses that completion and never hands the workflow another task, so the
 * simulation stands still (temporalio/sdk-java#3088: "refused CancelTimer leaves the workflow task
 * complete in memory but STARTED in history"). That can only happen to a timer due about now: the test
 * server does not skip time while a workflow task is outstanding (its clock then runs at wall-clock
 * speed), so a timer due minutes ahead cannot have fired meanwhile. Such a timer is cancelled as
 * `condition` would (the loop stays quiet: no wake for nothing); one due within CANCEL_MARGIN_MS is left
 * to fire, and a loop that waits for the same instant again waits on the same timer.
 */
import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/** The patch under which the loops wait this way; histories from before it replay with `condition(fn, timeout)`. */
export const KEPT_TIMERS_PATCH = 'kept-timers';

/** A timer due further ahead than this (workflow time) is cancelled when the wait ends early. */
export const CANCEL_MARGIN_MS = 5 * 60 * 1000;

interface Kept { fired: Promise<boolean>; scope: CancellationScope }

/** A waiter for one workflow: true when `fn` held first, false when `ms` passed. */
export function keptTimers(): (fn: () => boolean, ms: number) => Promise<boolean> {
  // The timers still running, by their instant (workflow time, deterministic): a second wait for the same instant shares one.
  const timers = new Map<number, Kept>();
  return async (fn, ms) => {
    if (fn()) return true;
    const at = Date.now() + ms;
    let timer = timers.get(at);
    if (!timer) {
      const scope = new CancellationScope();
      // true when it fired, false when cancelled.
      const fired = scope.run(() => sleep(ms)).then(() => true, () => false);
      timer = { fired, scope };
      timers.set(at, timer);
      void fired.then(() => { timers.delete(at); });
    }
    // The condition has its own scope, cancelled when the timer wins (a condition has no command to cancel).
    const conditionScope = new CancellationScope();
    const held = conditionScope.run(() => condition(fn)).then(() => true, () => false);
    try {
      const woken = await Promise.race([held, timer.fired.then(() => false)]);
      if (woken && at - Date.now() > CANCEL_MARGIN_MS) {
        timers.delete(at);
        timer.scope.cancel();
      }
      return woken;
    } finally {
      conditionScope.cancel();
    }
  };
}
