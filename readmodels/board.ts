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
import type { ItemListing } from '../activities/deps';
import { engineStores } from '../activities/engine-stores';
import { officialCalendar, visibleRows, withCountdown, type Narrowing, type RowScope, type StatusRow } from './status';
import { inItemOrder, STATUS_PAGE_SIZE } from '../domain/list-page';

/**
 * A board row: the status row with what the campaign's list adds (section, title, leader, 督办单 waiting); with
 * desks, the listing's section and title, the current leader (visibility's RectifyLeader) by the listing's name
 * for them, and visibility's count of 督办单 waiting (RectifyOpenNotices).
 */
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
   * whole: unfiltered, its first page of rows in item order; filtered, visibility's rows of the filter).
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

export interface BoardOptions {
  /** 事项名录 (a campaign with desks keeps no titles, sections or leaders); default: RECTIFY_DATABASE_URL's store or the data folder's. */
  listing?: Pick<ItemListing, 'read'>;
  /** A campaign of more items than this is read a page or a filter at a time (default STATUS_PAGE_SIZE; tests make a small campaign large). */
  pageSize?: number;
}

/** The first page of a campaign's own list, in item order: what a large campaign's unfiltered board shows. */
const firstPage = (snapshot: CampaignSnapshot, size: number): string[] => inItemOrder(snapshot.items, (i) => i.id).slice(0, size).map((i) => i.id);

/**
 * The board of a campaign for a viewer's scope (undefined: the whole campaign) as of `nowMs`: the campaign's
 * snapshot, visibility (one listing, or one per VISIBILITY_IDS_AT_ONCE items of a filter) and, for a campaign
 * with desks, the store's listing (one read). Undefined when there is no such campaign.
 */
export async function readBoard(
  client: Client, campaignId: string, filter: BoardFilter, scope: RowScope | undefined, nowMs: number, o: BoardOptions = {},
): Promise<Board | undefined> {
  const snapshot = await readCampaign(client, campaignId);
  if (!snapshot) return undefined;
  // A campaign with desks (收发室, over 1,000 items) keeps only id, key and state per item: its titles, sections and
  // leaders come from the listing (事项名录), its current leader and 督办单 waiting from visibility.
  const desks = (snapshot.desks ?? 0) > 0;
  const listing = desks ? await (o.listing ?? engineStores().listing).read(campaignId) : [];
  const listedRow = new Map(listing.map((r) => [r.id, r]));
  /** Leaders' names by directory id: every leader the campaign's items have (a plan change lists the new one). */
  const leaderName = new Map(listing.map((r) => [r.leaderId, r.leader]));
  // A campaign larger than a page (a city's 10,000 items) is not read row by row for one screen: unfiltered,
  // the whole campaign's first page; filtered, the filters are asked of visibility (unit, light and state; with
  // desks the section's items by the listing, the leader by their ids and 督办单 waiting too), and the filter
  // form then offers what those rows hold. A smaller one: every row the viewer may see.
  const pageSize = o.pageSize ?? STATUS_PAGE_SIZE;
  const large = snapshot.items.length > pageSize;
  const whole = large && !scope && Object.keys(filter).length === 0;
  const narrowed = large && !whole;
  const narrow: Narrowing = whole ? { ids: firstPage(snapshot, pageSize) } : !narrowed ? {} : {
    light: filter.light, state: filter.review ? 'submitted' : filter.state,
    ...(desks && filter.section !== undefined ? { ids: listing.filter((r) => r.section === filter.section).map((r) => r.id) } : {}),
    ...(desks && filter.leader !== undefined ? { leaders: [...leaderName].filter(([, name]) => name === filter.leader).map(([id]) => id) } : {}),
    ...(desks && filter.notices ? { openNotices: true } : {}),
  };
  const visible = await visibleRows(client, campaignId, snapshot.campaign.timeZone, narrowed ? filter.unit : undefined, scope, narrow);
  const seen = new Map(visible.map((v) => [v.row.item, v]));
  const counted = withCountdown(visible.map((v) => v.row), snapshot, await officialCalendar(snapshot), nowMs);
  const registry = new Map(snapshot.items.map((i) => [i.id, i]));
  const all = counted.map((r): BoardRow => {
    const l = registry.get(r.item);
    const overdue = r.countdown ? r.countdown.overdue : l?.overdue === true && r.state !== 'closed';
    if (!desks) return { ...r, section: l?.section ?? '', title: l?.title ?? '', leader: l?.leader ?? '', openNotices: l?.openNotices?.length ?? 0, overdue };
    const v = seen.get(r.item);
    const listed = listedRow.get(r.item);
    const leaderId = v?.leaderId ?? listed?.leaderId;
    return {
      ...r, section: listed?.section ?? '', title: listed?.title ?? '', leader: (leaderId !== undefined ? leaderName.get(leaderId) : undefined) ?? '',
      openNotices: v?.openNotices ?? 0, overdue,
    };
  });
  // With desks and the whole campaign in view, the section and leader filters offer the listing's (not only the page's).
  const offered = desks && !scope ? { sections: listing.map((r) => r.section), leaders: [...leaderName.values()] } : { sections: all.map((r) => r.section), leaders: all.map((r) => r.leader) };
  return {
    snapshot, all, rows: all.filter((r) => passes(r, filter)), ...(large && !scope ? { total: snapshot.items.length } : {}),
    choices: { units: sorted(all.map((r) => r.unit)), leaders: sorted(offered.leaders), sections: sorted(offered.sections) },
  };
}
