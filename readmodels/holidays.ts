/**
 * Loading a year's official holiday arrangement (法定节假日、调休): what
 * `rectify calendar update --from FILE` and the office console's holiday page
 * (web/office-holidays.ts) share. The text is read whole and checked whole
 * (syntax, the schema, each day); only then is holidays.json written, so a
 * refused file leaves nothing half-loaded. Each problem names the line.
 */
import YAML, { LineCounter } from 'yaml';
import type { Client } from '@temporalio/client';
import { CampaignError, parseCampaignText, type CampaignFormat } from '../domain/campaign';
import { mergeYears, parseHolidaysFile, type YearArrangement } from '../domain/holidays';
import type { HolidayStore } from '../activities/deps';
import type { Language } from '../domain/i18n';
import { replanSignal } from '../workflows/messages';

/**
 * A holiday file's text (YAML or JSON) as years, or its problems in `lang`, each `label line N: …` (`label 第 N 行：…`)
 * where the line is known: the CLI's `calendar update` and the office's holiday page say them alike.
 */
export function parseHolidaysText(text: string, label: string, format: CampaignFormat = 'yaml', lang: Language = 'en'): { years: YearArrangement[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = parseCampaignText(text, label, format);
  } catch (e) {
    if (e instanceof CampaignError) return { years: [], problems: e.text(lang).split('\n') };
    throw e;
  }
  // JSON is YAML too: the same parse gives every entry its place in the text.
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter });
  const lineOf = (at: (string | number)[]): number | undefined => {
    // The entry, else the nearest one around it that is written (a missing key: the mapping it is missing from).
    for (let n = at.length; n > 0; n -= 1) {
      const node = doc.getIn(at.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return parseHolidaysFile(raw, label, lineOf, lang);
}

export type HolidayLoad = { ok: true; years: YearArrangement[]; file: string } | { ok: false; problems: string[] };

/** Checks the text whole, then merges its years into the store (a loaded year replaces the same year); a refusal writes nothing. */
export async function loadHolidayYears(store: HolidayStore, text: string, label: string, format: CampaignFormat = 'yaml', lang: Language = 'en'): Promise<HolidayLoad> {
  const { years, problems } = parseHolidaysText(text, label, format, lang);
  if (problems.length) return { ok: false, problems };
  const file = await store.write(mergeYears(await store.read(), years));
  return { ok: true, years, file };
}

/** Tells every running rectify workflow to plan its pending moments again (the calendar changed); how many were told. */
export async function replanRunning(client: Client, reason = 'calendar update'): Promise<number> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: "(WorkflowType = 'itemWorkflow' OR WorkflowType = 'campaignWorkflow') AND ExecutionStatus = 'Running'" })) {
    ids.push(wf.workflowId);
  }
  let told = 0;
  for (const id of ids) {
    try { await client.workflow.getHandle(id).signal(replanSignal, { reason }); told += 1; } catch { /* it ended meanwhile */ }
  }
  return told;
}
