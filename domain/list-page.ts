/**
 * One page of a campaign's own list, in item order ((1), (2), … (10)), with the figures of the whole list:
 * what `rectify status` reads of a city's campaign instead of its snapshot of 10,000 rows (half a megabyte
 * through the worker). Pure: the campaign workflow answers campaignPageQuery with it, and the CLI builds the
 * same page from a snapshot when the campaign's worker is older than that query.
 */
import type { CampaignItemRow, CampaignSnapshot } from './contract';

/** Rows a page of the office's board holds. */
export const STATUS_PAGE_SIZE = 200;
/** Rows a page of `rectify status` prints unless --page-size: a terminal's worth, and half the board's visibility read. */
export const TERMINAL_PAGE_SIZE = 100;
/** At most this many rows a page (`--page-size`). */
export const MAX_PAGE_SIZE = 1000;

export interface CampaignPageRequest {
  /** 1-based; past the last page reads the last. */
  page?: number;
  size?: number;
}

/** The whole list's counts of states (the lights are visibility's: a campaign with desks does not keep them). */
export interface ListedCounts { items: number; submitted: number; closed: number; carriedOut: number }

export interface CampaignPage extends Omit<CampaignSnapshot, 'items'> {
  /** The page's rows, in item order. */
  items: CampaignItemRow[];
  page: number;
  /** At least 1. */
  pages: number;
  listed: ListedCounts;
  /** Every row of the list (not only the page's) with 回头看 owed: status names them all. */
  lookBacksOwed: CampaignItemRow[];
  /** Every row carried over from the previous round (上轮转入): status names them all. */
  carriedOver: CampaignItemRow[];
}

const itemNumber = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);
/** Items in the order of their numbers ((1), (2), … (10)), then by id. */
export function inItemOrder<T>(xs: T[], id: (x: T) => string): T[] {
  // Each id's number read once, not at every comparison (the campaign sorts 10,000 rows for each page asked).
  const keyed = xs.map((x) => ({ x, id: id(x), n: itemNumber(id(x)) }));
  return keyed.sort((a, b) => a.n - b.n || a.id.localeCompare(b.id)).map((k) => k.x);
}

/** The page a request asks for (whole numbers, within 1 … MAX_PAGE_SIZE rows and the pages there are). */
export function pageWindow(total: number, req: CampaignPageRequest): { page: number; pages: number; size: number; from: number } {
  const whole = (n: number | undefined, fallback: number): number => (n !== undefined && Number.isFinite(n) ? Math.trunc(n) : fallback);
  const size = Math.min(Math.max(1, whole(req.size, STATUS_PAGE_SIZE)), MAX_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, whole(req.page, 1)), pages);
  return { page, pages, size, from: (page - 1) * size };
}

/** The rows status names whatever page it shows: 回头看 owed, and 上轮转入 (carried over), in item order. */
export function followUps(items: CampaignItemRow[]): Pick<CampaignPage, 'lookBacksOwed' | 'carriedOver'> {
  return { lookBacksOwed: inItemOrder(items.filter((i) => i.lookBackOwed), (i) => i.id), carriedOver: inItemOrder(items.filter((i) => i.carriedFrom), (i) => i.id) };
}

export function campaignPageOf(snapshot: CampaignSnapshot, req: CampaignPageRequest): CampaignPage {
  const { items, ...rest } = snapshot;
  const w = pageWindow(items.length, req);
  const count = (state: CampaignItemRow['state']): number => items.filter((i) => i.state === state).length;
  return {
    ...rest,
    items: inItemOrder(items, (i) => i.id).slice(w.from, w.from + w.size),
    page: w.page, pages: w.pages,
    listed: { items: items.length, submitted: count('submitted'), closed: count('closed'), carriedOut: count('carriedOut') },
    ...followUps(items),
  };
}
