/** planCampaignMoments: the campaign-wide moments in [fromMs, untilMs); a reminder carries its cycle's due time. */
import { campaignMoments, dueTime, formatLocal, yearsOf } from '../domain/calendar';
import { uncoveredYears } from '../domain/holidays';
import type { CalendarSettingsOf } from './calendar-settings';
import type { RectifyActivities } from './types';

export const planCampaignMoments = (calendarSettings: CalendarSettingsOf): RectifyActivities['planCampaignMoments'] =>
  async ({ settings, fromMs, untilMs }) => {
    const s = calendarSettings(settings);
    const moments = campaignMoments(s, fromMs, untilMs).map((m) => (m.kind === 'reminder' && m.cycle !== undefined
      ? { ...m, dueLocal: formatLocal(dueTime(s, m.cycle).toMillis(), settings.timeZone) } : m));
    return { moments, calendarVersion: s.calendar!.version, uncoveredYears: uncoveredYears(s.calendar!, yearsOf(moments)) };
  };
