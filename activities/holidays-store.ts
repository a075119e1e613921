/**
 * The data folder's holidays.json: official years loaded with `rectify
 * calendar update --from FILE` when the package lags. Read by activities and
 * the CLI only (workflows get moments, never calendar data).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildWorkingCalendar, holidaysDataFile, officialYears, readHolidaysData, type CalendarChoice, type HolidaysData, type WorkingCalendar } from '../domain/holidays';

export const HOLIDAYS_FILE = 'holidays.json';

/** The years loaded into `dir` (none when the file is absent). A broken file is an error, not silence. */
export function readLoadedYears(dir: string): HolidaysData {
  const file = path.join(dir, HOLIDAYS_FILE);
  if (!existsSync(file)) return { format: 'rectify-holidays/1', years: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not JSON: ${(err as Error).message}`);
  }
  return readHolidaysData(raw);
}

/** Writes holidays.json atomically (a worker reading it meanwhile sees the old or the new file). */
export function writeLoadedYears(dir: string, data: HolidaysData): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, HOLIDAYS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(holidaysDataFile(data), null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

/** A cadence's working-day calendar from the package and the years loaded into `dir`. */
export function workingCalendarFor(choice: CalendarChoice, dir: string): WorkingCalendar {
  return buildWorkingCalendar(choice, officialYears(readLoadedYears(dir).years));
}
