/**
 * The data folder's holidays.json: official years loaded with `rectify
 * calendar update --from FILE` when the package lags. Read by activities and
 * the CLI only (workflows get moments, never calendar data).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PRIVATE_DIR, PRIVATE_FILE } from '../config/paths';
import { buildWorkingCalendar, holidaysDataFile, officialYears, readHolidaysData, type CalendarChoice, type HolidaysData, type WorkingCalendar, type YearArrangement } from '../domain/holidays';
import type { HolidayStore } from './deps';

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
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const file = path.join(dir, HOLIDAYS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(holidaysDataFile(data), null, 2)}\n`, { mode: PRIVATE_FILE });
  renameSync(tmp, file);
  return file;
}

/** The data folder's holidays.json as a holiday store. */
export class FolderHolidayStore implements HolidayStore {
  constructor(private readonly dir: string) {}
  async read(): Promise<HolidaysData> { return readLoadedYears(this.dir); }
  async write(data: HolidaysData): Promise<string> { return writeLoadedYears(this.dir, data); }
}

const calendars = new Map<string, WorkingCalendar>();

function cachedCalendar(key: string, build: () => WorkingCalendar): WorkingCalendar {
  let cal = calendars.get(key);
  if (!cal) {
    cal = build();
    if (calendars.size >= 32) calendars.clear();
    calendars.set(key, cal);
  }
  return cal;
}

/**
 * A cadence's working-day calendar from the package and the years loaded into `dir`.
 * Built once per cadence and version of holidays.json (a city's start plans 10,000 items).
 */
export function workingCalendarFor(choice: CalendarChoice, dir: string): WorkingCalendar {
  const file = path.join(dir, HOLIDAYS_FILE);
  const stamp = existsSync(file) ? statSync(file) : undefined;
  const key = `${file}|${stamp?.mtimeMs ?? '-'}|${stamp?.size ?? '-'}|${JSON.stringify(choice)}`;
  return cachedCalendar(key, () => buildWorkingCalendar(choice, officialYears(readLoadedYears(dir).years)));
}

/** The same from loaded years already read (a shared store's), built once per cadence and content of the years. */
export function workingCalendarOf(choice: CalendarChoice, loaded: YearArrangement[]): WorkingCalendar {
  const key = `years:${createHash('sha256').update(JSON.stringify(loaded)).digest('hex')}|${JSON.stringify(choice)}`;
  return cachedCalendar(key, () => buildWorkingCalendar(choice, officialYears(loaded)));
}
