/** The calendar the planning activities place moments with. */
import type { CalendarSettings } from '../domain/calendar';
import type { Cadence } from '../domain/types';
import { dataDir } from '../config/paths';
import { workingCalendarFor } from './holidays-store';
import type { ActivityDeps } from './deps';

export type CalendarSettingsOf = (settings: { timeZone: string; start: string; cadence: Cadence }) => CalendarSettings;

/** The calendar is built afresh for every plan: a year loaded meanwhile counts from the next plan on. */
export const calendarSettingsOf = (deps: Pick<ActivityDeps, 'dataDir'>): CalendarSettingsOf => (settings) => ({
  timeZone: settings.timeZone, start: settings.start, cadence: settings.cadence,
  calendar: workingCalendarFor(settings.cadence, deps.dataDir ?? dataDir()),
});
