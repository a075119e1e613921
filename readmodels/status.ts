/**
 * The status rows: every item with state, light, next due time and last
 * report, read from Temporal's visibility (search attributes), not by
 * querying each item workflow. `rectify status` prints them; the office page shows them.
 */
import { DateTime } from 'luxon';
import type { Client } from '@temporalio/client';
import type { ItemState, Light } from '../domain/types';
import type { CampaignSnapshot } from '../domain/contract';
import { countdownOf, type Countdown } from '../domain/calendar';
import type { WorkingCalendar } from '../domain/holidays';
import { workingCalendarOf } from '../activities/holidays-store';
import { engineStores } from '../activities/engine-stores';
import { CampaignIdKey, DeadlineKey, ItemIdKey, LastReportKey, LeaderKey, LightKey, NextDueKey, PercentKey, StateKey, UnitKey } from '../workflows/messages';

export interface StatusRow {
  item: string;
  unit: string;
  state: ItemState;
  light: Light;
  percent: number;
  nextDue: string | null;
  lastReport: string | null;
  /** 整改时限 (YYYY-MM-DD), from the item's search attribute; null for items started before it existed. */
  deadline: string | null;
  /** 剩余/逾期 N 个工作日 on the official calendar; null once closed or kept up long-term (withCountdown fills it). */
  countdown?: Countdown | null;
}

const escape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/** Whose items a person sees: those of these lead units and these leaders (directory ids). */
export interface RowScope { units: string[]; leaders: string[] }

/** `scope`: only the items of these units or leaders (one visibility query; none of either: no rows). */
export async function statusRows(client: Client, campaignId: string, timeZone: string, unit?: string, scope?: RowScope): Promise<StatusRow[]> {
  let query = `${CampaignIdKey.name} = '${escape(campaignId)}' AND WorkflowType = 'itemWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`;
  if (unit) query += ` AND ${UnitKey.name} = '${escape(unit)}'`;
  if (scope) {
    const among = (key: string, values: string[]) => (values.length ? [`${key} IN (${values.map((v) => `'${escape(v)}'`).join(', ')})`] : []);
    const either = [...among(UnitKey.name, scope.units), ...among(LeaderKey.name, scope.leaders)];
    if (!either.length) return [];
    query += ` AND (${either.join(' OR ')})`;
  }
  const local = (d: Date | undefined): string | null => (d ? DateTime.fromJSDate(d, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mmZZ") : null);
  const rows = new Map<string, StatusRow>();
  for await (const wf of client.workflow.list({ query })) {
    const sa = wf.typedSearchAttributes;
    const item = sa.get(ItemIdKey) ?? wf.workflowId;
    if (rows.has(item)) continue; // newest run first
    rows.set(item, {
      item, unit: sa.get(UnitKey) ?? '', state: (sa.get(StateKey) ?? 'notStarted') as ItemState, light: (sa.get(LightKey) ?? 'green') as Light,
      percent: sa.get(PercentKey) ?? 0, nextDue: local(sa.get(NextDueKey)), lastReport: local(sa.get(LastReportKey)),
      deadline: sa.get(DeadlineKey) ?? null,
    });
  }
  const num = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return [...rows.values()].sort((a, b) => num(a.item) - num(b.item) || a.item.localeCompare(b.item));
}

/** States in which a deadline still presses (closed and long-term accepted items have none). */
const COUNTING: ItemState[] = ['notStarted', 'inProgress', 'returned', 'submitted'];

/**
 * The rows with their countdown on the day of `nowMs`, on the working-day calendar; an item started before
 * its deadline was a search attribute takes it from the campaign's own list.
 */
export function withCountdown(rows: StatusRow[], snapshot: Pick<CampaignSnapshot, 'campaign' | 'items'>, calendar: WorkingCalendar, nowMs: number): StatusRow[] {
  const listed = new Map(snapshot.items.map((i) => [i.id, i.deadline]));
  return rows.map((r) => {
    const deadline = r.deadline ?? listed.get(r.item) ?? null;
    const countdown = deadline && COUNTING.includes(r.state) ? countdownOf(calendar, deadline, nowMs, snapshot.campaign.timeZone) : null;
    return { ...r, deadline, countdown };
  });
}

/** The campaign's working-day calendar with the official years loaded (`rectify calendar update`): what a countdown counts on. */
export async function officialCalendar(snapshot: Pick<CampaignSnapshot, 'campaign'>): Promise<WorkingCalendar> {
  return workingCalendarOf(snapshot.campaign.cadence, (await engineStores().holidays.read()).years);
}
