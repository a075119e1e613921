/**
 * The office's board (挂图作战 table, issue 15 point 2): every item a viewer
 * may see with its countdown, and what its filters choose among them. All of
 * the board's reading is here, in one place: Temporal's visibility (one
 * listing, `statusRows`) and the campaign's own list (one query), never a
 * query per item — so that a faster way for a 10,000-item campaign changes
 * this file only.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { STATES, type ItemState, type Light } from '../domain/types';
import type { CampaignSnapshot } from '../domain/contract';
import type { Language } from '../domain/i18n';
import { readCampaign } from './campaign';
import { officialCalendar, statusPage, statusRows, STATUS_PAGE_SIZE, withCountdown, type RowScope, type StatusRow } from './status';

/** A board row: the status row with what the campaign's list adds (section, title, leader, 督办单 waiting). */
export interface BoardRow extends StatusRow {
  section: string;
  title: string;
  /** The leader's name as the campaign lists it ('' when its list does not carry it). */
  leader: string;
  /** 督办单 waiting for the unit's reply. */
  openNotices: number;
  /** Past its deadline (the countdown's 逾期, or the item's own word when it has no countdown). */
  overdue: boolean;
}

const LIGHTS = ['red', 'yellow', 'green', 'grey'] as const satisfies readonly Light[];

/** The board's filters as a GET form sends them: empty fields are no filter; a ticked box is any value. */
export const boardFilter = z.object({
  unit: z.string().trim().max(200).optional(),
  leader: z.string().trim().max(200).optional(),
  section: z.string().trim().max(200).optional(),
  light: z.enum(LIGHTS).optional(),
  state: z.enum(STATES).optional(),
  overdue: z.string().optional().transform((v) => !!v),
  review: z.string().optional().transform((v) => !!v),
  notices: z.string().optional().transform((v) => !!v),
}).transform((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '' && v !== undefined && v !== false)) as Partial<BoardFilterValue>);

interface BoardFilterValue { unit: string; leader: string; section: string; light: Light; state: ItemState; overdue: true; review: true; notices: true }
export type BoardFilter = Partial<BoardFilterValue>;

/** The query's filters, or what is wrong with them (field: problem), in the page's language. */
export function readBoardFilter(query: Record<string, unknown>, lang: Language): { ok: true; filter: BoardFilter } | { ok: false; problems: string[] } {
  const given = Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== 'campaign' && typeof v === 'string' && v !== ''));
  const r = boardFilter.safeParse(given);
  if (r.success) return { ok: true, filter: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${lang === 'en' ? 'not one of the choices' : '不是可选的值'}`) };
}

export interface Board {
  snapshot: CampaignSnapshot;
  /** Every row the viewer may see. */
  all: BoardRow[];
  /** Those the filter chose. */
  rows: BoardRow[];
  /** What the filters offer, from the rows the viewer may see. */
  choices: { units: string[]; leaders: string[]; sections: string[] };
  /**
   * How many items the campaign has, when `all` holds only some of them (a campaign of more than a page seen
   * whole: unfiltered, its first STATUS_PAGE_SIZE rows in item order; filtered, visibility's rows of the filter).
   */
  total?: number;
}

const sorted = (values: string[]): string[] => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));

/** Whether a row passes the filter. */
export function passes(r: BoardRow, f: BoardFilter): boolean {
  return (f.unit === undefined || r.unit === f.unit) && (f.leader === undefined || r.leader === f.leader)
    && (f.section === undefined || r.section === f.section) && (f.light === undefined || r.light === f.light)
    && (f.state === undefined || r.state === f.state) && (!f.overdue || r.overdue)
    && (!f.review || r.state === 'submitted') && (!f.notices || r.openNotices > 0);
}

/**
 * The board of a campaign for a viewer's scope (undefined: the whole campaign) as of `nowMs`: one visibility
 * listing and the campaign's snapshot. Undefined when there is no such campaign.
 */
export async function readBoard(client: Client, campaignId: string, filter: BoardFilter, scope: RowScope | undefined, nowMs: number): Promise<Board | undefined> {
  const snapshot = await readCampaign(client, campaignId);
  if (!snapshot) return undefined;
  // A campaign larger than a page (a city's 10,000 items) is not read row by row for one screen: unfiltered,
  // the whole campaign's first page; filtered, the unit, light and state filters are asked of visibility
  // (the filter form then offers what those rows hold). A smaller one: every row the viewer may see.
  const large = snapshot.items.length > STATUS_PAGE_SIZE;
  const whole = large && !scope && Object.keys(filter).length === 0;
  const narrowed = large && !whole;
  const status = whole
    ? (await statusPage(client, snapshot)).rows
    : await statusRows(client, campaignId, snapshot.campaign.timeZone, narrowed ? filter.unit : undefined, scope,
      narrowed ? { light: filter.light, state: filter.review ? 'submitted' : filter.state } : {});
  const counted = withCountdown(status, snapshot, await officialCalendar(snapshot), nowMs);
  const listed = new Map(snapshot.items.map((i) => [i.id, i]));
  const all = counted.map((r): BoardRow => {
    const l = listed.get(r.item);
    return {
      ...r, section: l?.section ?? '', title: l?.title ?? '', leader: l?.leader ?? '', openNotices: l?.openNotices?.length ?? 0,
      overdue: r.countdown ? r.countdown.overdue : l?.overdue === true && r.state !== 'closed',
    };
  });
  return {
    snapshot, all, rows: all.filter((r) => passes(r, filter)), ...(large && !scope ? { total: snapshot.items.length } : {}),
    choices: { units: sorted(all.map((r) => r.unit)), leaders: sorted(all.map((r) => r.leader)), sections: sorted(all.map((r) => r.section)) },
  };
}
