/** The calendar the planning activities place moments with. */
import type { CalendarSettings } from '../domain/calendar';
import type { Cadence } from '../domain/types';
import type { YearArrangement } from '../domain/holidays';
import { dataDir } from '../config/paths';
import { workingCalendarFor, workingCalendarOf } from './holidays-store';
import type { ActivityDeps } from './deps';

export type CalendarSettingsOf = (settings: { timeZone: string; start: string; cadence: Cadence }) => CalendarSettings;

/**
 * The calendar is built afresh for every plan: a year loaded meanwhile counts from the next plan on.
 * With a shared store the loaded years are read before each planning activity (`refresh`, one small
 * query), so a year loaded through any host counts on every host from the next plan on.
 */
export function calendarSettingsOf(deps: Pick<ActivityDeps, 'dataDir' | 'holidays'>): { settingsOf: CalendarSettingsOf; refresh: () => Promise<void> } {
  const store = deps.holidays;
  if (!store) {
    return {
      settingsOf: (settings) => ({ timeZone: settings.timeZone, start: settings.start, cadence: settings.cadence, calendar: workingCalendarFor(settings.cadence, deps.dataDir ?? dataDir()) }),
      refresh: async () => undefined,
    };
  }
  let loaded: YearArrangement[] = [];
  return {
    settingsOf: (settings) => ({ timeZone: settings.timeZone, start: settings.start, cadence: settings.cadence, calendar: workingCalendarOf(settings.cadence, loaded) }),
    refresh: async () => { loaded = (await store.read()).years; },
  };
}
