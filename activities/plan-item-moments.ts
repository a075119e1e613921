/** planItemMoments: an item's moments in [fromMs, untilMs), and the deadlines passed since catchUpFromMs; placeItemMail: when an item's mail goes out; planLookBacks: 回头看. */
import { deadlineMoment, formatLocal, itemMailTime, itemMoments, localDay, lookBackTimes, yearsOf, type CalendarSettings } from '../domain/calendar';
import { uncoveredYears } from '../domain/holidays';
import type { CalendarSettingsOf } from './calendar-settings';
import type { ItemTimeline, PlanItemInput, RectifyActivities } from './types';

export function planItem(
  { settings, ladder, deadline, milestones, fromMs, untilMs, catchUpFromMs }: PlanItemInput, s: CalendarSettings,
): ItemTimeline {
  const missed = catchUpFromMs !== undefined && catchUpFromMs < fromMs
    ? itemMoments(s, { deadline, milestones }, ladder, catchUpFromMs, fromMs).filter((m) => m.kind === 'deadline')
    : [];
  const moments = [...missed, ...itemMoments(s, { deadline, milestones }, ladder, fromMs, untilMs)];
  return {
    moments,
    calendarVersion: s.calendar!.version,
    uncoveredYears: uncoveredYears(s.calendar!, yearsOf(moments)),
    startAt: localDay(settings.start, settings.timeZone).toMillis(),
    deadlineAt: deadlineMoment(deadline, settings.timeZone).toMillis(),
    milestoneAts: milestones.map((m) => deadlineMoment(m.date, settings.timeZone).toMillis()),
  };
}

export const planItemMoments = (calendarSettings: CalendarSettingsOf): RectifyActivities['planItemMoments'] =>
  async (input) => planItem(input, calendarSettings(input.settings));

/** A receipt goes at once only when the campaign says so (cadence.receiptsAtOnce); every other item mail waits for working time. */
export const placeItemMail = (calendarSettings: CalendarSettingsOf): RectifyActivities['placeItemMail'] => async ({ settings, kind, atMs }) =>
  (kind === 'receipt' && settings.cadence.receiptsAtOnce ? { at: atMs, local: formatLocal(atMs, settings.timeZone) } : itemMailTime(calendarSettings(settings), atMs));

/** 回头看: the instants, N months after the acceptance, on working days in working hours. */
export const planLookBacks = (calendarSettings: CalendarSettingsOf): RectifyActivities['planLookBacks'] => async ({ settings, fromMs, months }) =>
  lookBackTimes(calendarSettings(settings), fromMs, months);
