/**
 * The calendar: cadence arithmetic (周报告、旬调度、月督查) in the campaign's time zone.
 *
 * Pure: luxon only, no I/O, no clock. Every instant is computed from the
 * campaign's IANA zone (never the host's), so results are the same on a host
 * whose TZ is UTC and across DST changes (a due time at 12:00 local stays at
 * 12:00 local).
 *
 * Conventions:
 * - Calendar dates are handled as plain dates (year, month, day) and only
 *   turned into instants at the end, with the wanted wall-clock time, in the
 *   campaign zone. A wall-clock time that does not exist (DST gap) is moved
 *   forward by luxon.
 * - The campaign starts at its start day's 00:00 local. No moment before it
 *   is ever returned.
 * - Ranges are [fromMs, untilMs): a moment exactly at fromMs is included,
 *   one at untilMs is not.
 * - Moment keys are `${kind}${tag}:${local}${#milestone}` where tag is `+N`
 *   for followup/deadlineLate (N working days after), `-N` for
 *   deadlineWarning/milestoneWarning (N days before) and `-Nw` for them in
 *   working days. Keys are idempotency keys in running workflows: they never
 *   change. The moment carries N as `days` and `workingDays` too.
 *
 * Three files along its seams: ./days.ts (working days, local dates, working
 * hours), ./cycles.ts (weekly due times, dekads, month ends), ./moments.ts
 * (the campaign's and an item's moments). This index is their public API.
 */
export { DEFAULT_ON_DAY_OFF, DEFAULT_WORKING_HOURS, addWorkingDays, campaignStart, dayOffName, deadlineMoment, formatLocal, inWorkingTime, isWorkingDay, localDay, onWorkingDay, planShare, workingCalendarOf, countdownOf } from './days';
export type { CalendarSettings, Countdown, DayRules, Direction, Placed } from './days';
export { dekadsOf, dueTime, nextDue, weeklyDueTimes } from './cycles';
export type { Dekad } from './cycles';
export { campaignMoments, describeMove, dueMoments, itemMailTime, itemMoments, lookBackTimes, replyDeadline, yearsOf } from './moments';
