/**
 * A page of a campaign's own list (domain/list-page.ts): what `rectify status` of a city's campaign reads
 * from the campaign workflow instead of its 10,000 rows.
 */
import { campaignPageOf } from '../domain/list-page';
import type { CampaignItemRow, CampaignSnapshot } from '../domain/contract';

const campaign = { id: 'city-2026', name: '市整改', timeZone: 'Asia/Shanghai' } as CampaignSnapshot['campaign'];
const row = (n: number, extra: Partial<CampaignItemRow> = {}): CampaignItemRow => ({ id: `(${n})`, key: String(n), state: 'inProgress', ...extra });

// Listed out of order, as a registry of batches and plan changes keeps them.
const items: CampaignItemRow[] = [
  row(10), row(2, { state: 'closed', lookBackOwed: { askedLocal: '2026-11-02T09:00', months: 3 } }), row(1, { state: 'submitted' }),
  row(11, { carriedFrom: { campaignId: 'city-2025', itemId: '(7)' } }), row(3, { state: 'carriedOut' }), row(12, { state: 'closed' }),
];
const snapshot: CampaignSnapshot = { campaign, items, pendingNotices: 0, itemsToStart: 0 };

test('a page holds its rows in item order and counts the whole list', () => {
  const page = campaignPageOf(snapshot, { page: 2, size: 4 });
  expect(page.items.map((i) => i.id)).toEqual(['(11)', '(12)']);
  expect({ page: page.page, pages: page.pages }).toEqual({ page: 2, pages: 2 });
  expect(page.listed).toEqual({ items: 6, submitted: 1, closed: 2, carriedOut: 1 });
  expect(page.campaign.name).toBe('市整改');
});

test('the items owed a look-back or carried over are named whatever the page', () => {
  const first = campaignPageOf(snapshot, { page: 1, size: 2 });
  expect(first.items.map((i) => i.id)).toEqual(['(1)', '(2)']);
  expect(first.carriedOver.map((i) => i.id)).toEqual(['(11)']);
  expect(first.lookBacksOwed.map((i) => i.id)).toEqual(['(2)']);
});

test('a page past the end reads the last one; sizes are whole and within 1 to 1,000', () => {
  expect(campaignPageOf(snapshot, { page: 9, size: 4 }).items.map((i) => i.id)).toEqual(['(11)', '(12)']);
  expect(campaignPageOf(snapshot, { page: 1.7, size: 0 }).items.map((i) => i.id)).toEqual(['(1)']);
  const many = { ...snapshot, items: Array.from({ length: 1500 }, (_, i) => row(i + 1)) };
  expect(campaignPageOf(many, { size: 5000 }).items).toHaveLength(1000);
  expect(campaignPageOf(many, {}).items).toHaveLength(200);
});
