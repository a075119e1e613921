/**
 * The status rows: every item with state, light, next due time and last
 * report, read from Temporal's visibility (search attributes), not by
 * querying each item workflow. `rectify status` prints them; the office page shows them.
 */
import { DateTime } from 'luxon';
import { ServiceError, type Client } from '@temporalio/client';
import type { ItemState, Light } from '../domain/types';
import type { CampaignSnapshot } from '../domain/contract';
import { inItemOrder, pageWindow, type CampaignPage, type CampaignPageRequest } from '../domain/list-page';
import { countdownOf, type Countdown } from '../domain/calendar';
import type { WorkingCalendar } from '../domain/holidays';
import { workingCalendarOf } from '../activities/holidays-store';
import { engineStores } from '../activities/engine-stores';
import {
  itemWorkflowId, CampaignIdKey, DeadlineKey, ItemIdKey, LastReportKey, LeaderKey, LightKey, NextDueKey, OpenNoticesKey, PercentKey, StateKey, UnitKey,
} from '../workflows/messages';

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

/** The visibility query of a campaign's items (the newest run of each; closed ones included). */
const itemsQuery = (campaignId: string): string => `${CampaignIdKey.name} = '${escape(campaignId)}' AND WorkflowType = 'itemWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`;
const among = (key: string, values: string[]): string[] => (values.length ? [`${key} IN (${values.map((v) => `'${escape(v)}'`).join(', ')})`] : []);

/** What the board asks of visibility beyond the status rows' filters. */
export interface Narrowing {
  /** Only these items (a page of the campaign's list, a section's items of the listing), asked VISIBILITY_IDS_AT_ONCE at a time. */
  ids?: string[];
  light?: Light;
  state?: ItemState;
  /** Only the items whose current leader (RectifyLeader, a directory id: a plan change moves it) is one of these. */
  leaders?: string[];
  /** Only the items with 督办单 waiting for the unit's reply (RectifyOpenNotices > 0). */
  openNotices?: boolean;
}

/** A status row with what visibility holds beyond it: the current leader's directory id and the 督办单 waiting (absent for items started before the attribute). */
export interface VisibleRow { row: StatusRow; leaderId?: string; openNotices?: number }

/** Ids in one `RectifyItem IN (…)` (a long list is asked in several queries). */
export const VISIBILITY_IDS_AT_ONCE = 500;

/**
 * `scope`: only the items of these units or leaders (one visibility query; none of either: no rows);
 * `narrow`: only these items, of this light, in this state, of these leaders, with 督办单 waiting (the board's
 * filters, asked of visibility rather than of every row).
 */
export async function visibleRows(
  client: Client, campaignId: string, timeZone: string, unit?: string, scope?: RowScope, narrow: Narrowing = {},
): Promise<VisibleRow[]> {
  let query = itemsQuery(campaignId);
  if (unit) query += ` AND ${UnitKey.name} = '${escape(unit)}'`;
  if (narrow.leaders) {
    if (!narrow.leaders.length) return [];
    query += ` AND ${among(LeaderKey.name, narrow.leaders)[0]}`;
  }
  if (narrow.light) query += ` AND ${LightKey.name} = '${escape(narrow.light)}'`;
  if (narrow.state) query += ` AND ${StateKey.name} = '${escape(narrow.state)}'`;
  if (narrow.openNotices) query += ` AND ${OpenNoticesKey.name} > 0`;
  if (scope) {
    const either = [...among(UnitKey.name, scope.units), ...among(LeaderKey.name, scope.leaders)];
    if (!either.length) return [];
    query += ` AND (${either.join(' OR ')})`;
  }
  const queries: string[] = [];
  if (!narrow.ids) queries.push(query);
  else for (let i = 0; i < narrow.ids.length; i += VISIBILITY_IDS_AT_ONCE) queries.push(`${query} AND ${among(ItemIdKey.name, narrow.ids.slice(i, i + VISIBILITY_IDS_AT_ONCE))[0]}`);
  const local = (d: Date | undefined): string | null => (d ? DateTime.fromJSDate(d, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mmZZ") : null);
  const rows = new Map<string, VisibleRow>();
  for (const q of queries) {
    for await (const wf of client.workflow.list({ query: q })) {
      const sa = wf.typedSearchAttributes;
      const item = sa.get(ItemIdKey) ?? wf.workflowId;
      if (rows.has(item)) continue; // newest run first
      const openNotices = sa.get(OpenNoticesKey);
      rows.set(item, {
        row: {
          item, unit: sa.get(UnitKey) ?? '', state: (sa.get(StateKey) ?? 'notStarted') as ItemState, light: (sa.get(LightKey) ?? 'green') as Light,
          percent: sa.get(PercentKey) ?? 0, nextDue: local(sa.get(NextDueKey)), lastReport: local(sa.get(LastReportKey)),
          deadline: sa.get(DeadlineKey) ?? null,
        },
        leaderId: sa.get(LeaderKey), ...(openNotices !== undefined ? { openNotices } : {}),
      });
    }
  }
  return inItemOrder([...rows.values()], (r) => r.row.item);
}

/** The status rows of visibility (`visibleRows` without what only the board shows). */
export async function statusRows(
  client: Client, campaignId: string, timeZone: string, unit?: string, scope?: RowScope, narrow: Narrowing = {},
): Promise<StatusRow[]> {
  return (await visibleRows(client, campaignId, timeZone, unit, scope, narrow)).map((v) => v.row);
}


/** The whole campaign's figures: its own counts of states, and visibility's counts of lights (never a row per item). */
/** `carriedOut`: 已转入下一轮, handed over to the next round (neither closed nor open here). */
export interface StatusCounts { items: number; red: number; yellow: number; submitted: number; closed: number; carriedOut: number }

/** The counts of rows in hand. */
export function countsOf(rows: StatusRow[]): StatusCounts {
  const count = (f: (r: StatusRow) => boolean): number => rows.filter(f).length;
  return { items: rows.length, red: count((r) => r.light === 'red'), yellow: count((r) => r.light === 'yellow'), submitted: count((r) => r.state === 'submitted'), closed: count((r) => r.state === 'closed'),
    carriedOut: count((r) => r.state === 'carriedOut') };
}

export interface StatusPage {
  rows: StatusRow[];
  /** 1-based; `pages` in all (at least 1). */
  page: number;
  pages: number;
  counts: StatusCounts;
}

/** The campaign's red and yellow lights, counted by visibility (two counts, never a row per item). */
export interface LightCounts { red: number; yellow: number }

export async function lightCounts(client: Client, campaignId: string): Promise<LightCounts> {
  const lights = (light: Light): Promise<number> => client.workflow.count(`${itemsQuery(campaignId)} AND ${LightKey.name} = '${light}'`).then((c) => c.count);
  const [red, yellow] = await Promise.all([lights('red'), lights('yellow')]);
  return { red, yellow };
}

/**
 * The status rows of one page of the campaign's list (readCampaignPage: which items are on it, and how many
 * are waiting for review or closed), read from visibility in one query, with the whole campaign's lights.
 * What `status` of a 10,000-item campaign reads instead of every row.
 */
export async function statusPage(client: Client, listed: CampaignPage, lights: LightCounts): Promise<StatusPage> {
  const { id: campaignId, timeZone } = listed.campaign;
  const rows = await statusRows(client, campaignId, timeZone, undefined, undefined, { ids: listed.items.map((i) => i.id) });
  return { rows, page: listed.page, pages: listed.pages, counts: { ...listed.listed, ...lights } };
}

/** One page of the rows of the items this unit leads (one visibility query), and the counts of them all. */
export async function unitStatusPage(client: Client, campaign: { id: string; timeZone: string }, unit: string, request: CampaignPageRequest): Promise<StatusPage> {
  const all = await statusRows(client, campaign.id, campaign.timeZone, unit);
  const w = pageWindow(all.length, request);
  return { rows: all.slice(w.from, w.from + w.size), page: w.page, pages: w.pages, counts: countsOf(all) };
}

/**
 * The key of the item with this exact id, from visibility (its workflow id); undefined when visibility has
 * none, or cannot answer a query by search attribute (the time-skipping test server lists no workflows):
 * the caller then reads the campaign's own list.
 */
export async function itemKeyFromVisibility(client: Client, campaignId: string, id: string): Promise<string | undefined> {
  const prefix = itemWorkflowId(campaignId, '');
  try {
    for await (const wf of client.workflow.list({ query: `${itemsQuery(campaignId)} AND ${ItemIdKey.name} = '${escape(id)}'`, pageSize: 10 })) {
      if (wf.workflowId.startsWith(prefix)) return wf.workflowId.slice(prefix.length);
    }
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
  }
  return undefined;
}

/** States in which a deadline still presses (closed and long-term accepted items have none). */
const COUNTING: ItemState[] = ['notStarted', 'inProgress', 'returned', 'submitted'];

/**
 * The rows with their countdown on the day of `nowMs`, on the working-day calendar; an item started before
 * its deadline was a search attribute takes it from the campaign's own list.
 */
export function withCountdown(rows: StatusRow[], snapshot: Pick<CampaignSnapshot, 'campaign' | 'items'>, calendar: WorkingCalendar, nowMs: number): StatusRow[] {
  const listed = new Map(snapshot.items.map((i) => [i.id, i.deadline]));
  // Counted once per deadline: a campaign's items share a few 整改时限, and each count walks the calendar day by day.
  const counted = new Map<string, Countdown>();
  const countdown = (deadline: string): Countdown => {
    let c = counted.get(deadline);
    if (!c) counted.set(deadline, c = countdownOf(calendar, deadline, nowMs, snapshot.campaign.timeZone));
    return c;
  };
  return rows.map((r) => {
    const deadline = r.deadline ?? listed.get(r.item) ?? null;
    return { ...r, deadline, countdown: deadline && COUNTING.includes(r.state) ? countdown(deadline) : null };
  });
}

/** The campaign's working-day calendar with the official years loaded (`rectify calendar update`): what a countdown counts on. */
export async function officialCalendar(snapshot: Pick<CampaignSnapshot, 'campaign'>): Promise<WorkingCalendar> {
  return workingCalendarOf(snapshot.campaign.cadence, (await engineStores().holidays.read()).years);
}
