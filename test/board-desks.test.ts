/**
 * The office board of a campaign with desks (收发室: a city's campaign of more
 * than 1,000 items, forced here on four items with `rectify start --desks 1`).
 * Its own list keeps only id, key and state per item; the board shows each
 * item's title, section and leader from the store's item listing (事项名录,
 * written by the worker as it starts the items), the current leader and the
 * 督办单 waiting from visibility (RectifyLeader, RectifyOpenNotices). Its section,
 * leader and 督办单 filters choose the right rows, the leader filter follows a
 * plan change that gives an item another leader; the same again with the board
 * reading the campaign a filter at a time, as it reads 10,000 items; my items
 * names a closed item by the listing's title. A real dev
 * server, `rectify worker`, `rectify start`, and `rectify serve`'s web server
 * built in this process.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { buildWebServer } from '../web/server';
import { FolderSessionStore } from '../web/sessions';
import { folderStores } from '../activities/engine-stores';
import { readBoard, type BoardFilter } from '../readmodels/board';
import { campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemWorkflowId } from '../workflows/messages';
import { signMine } from '../config/links';
import { eventually, rectify, tempDir, useDevServerAndWorker } from './support/cli';

const CAMPAIGN = 'board-desks';
const TOKEN = 'office-token-board-desks-0123456789';
const live = useDevServerAndWorker('board-desks');
let client: Client;
let app: FastifyInstance;
let base: string;
const dir = tempDir('board-desks-file');
const file = path.join(dir, 'campaign.yaml');
const today = DateTime.utc().startOf('day');

interface Listed { section: string; title: string; leader: string; unit: string; deadline: string }
/** (3)'s deadline passed three days ago: the ladder's deadline-passed rung issues it a 督办单(红) at once. */
const ITEMS: Record<string, Listed> = {
  '(1)': { section: '（一）制度建设', title: '完善制度', leader: '李副书记', unit: '综合部', deadline: today.plus({ days: 40 }).toISODate()! },
  '(2)': { section: '（二）作风建设', title: '规范报销', leader: '张副书记', unit: '财务部', deadline: today.plus({ days: 40 }).toISODate()! },
  '(3)': { section: '（一）制度建设', title: '健全台账', leader: '张副书记', unit: '综合部', deadline: today.minus({ days: 3 }).toISODate()! },
  '(4)': { section: '（二）作风建设', title: '清理账户', leader: '李副书记', unit: '财务部', deadline: today.plus({ days: 40 }).toISODate()! },
};

function writeCampaign(items: Record<string, Listed>): void {
  writeFileSync(file, YAML.stringify({
    campaign: { id: CAMPAIGN, name: '收发室看板测试', committee: '党工委', timeZone: 'UTC', start: today.minus({ days: 20 }).toISODate(), concentratedEnd: today.plus({ days: 60 }).toISODate() },
    cadence: { calendar: 'weekends' },
    addresses: { workingGroup: ['office@example.org'], committee: ['committee@example.org'] },
    people: [
      { name: '王主任', role: 'coordinator', email: 'wang.office@example.org' },
      { name: '李副书记', role: 'leader', email: 'li.leader@example.org' },
      { name: '张副书记', role: 'leader', email: 'zhang.leader@example.org' },
      { name: '周洁', role: 'contact', unit: '综合部', email: 'zhou.jie@example.org' },
      { name: '孙明', role: 'contact', unit: '财务部', email: 'sun.ming@example.org' },
    ],
    items: Object.entries(items).map(([id, i]) => ({
      id, section: i.section, title: i.title, problem: `${i.unit}的问题`, measures: ['整改措施'], kind: 'deadline', leader: i.leader, leadUnit: i.unit,
      contacts: [i.unit === '综合部' ? '周洁' : '孙明'], deadline: i.deadline,
    })),
  }));
}

const get = async (query: string): Promise<string> => {
  const r = await fetch(`${base}/office?campaign=${CAMPAIGN}${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  return r.text();
};
/** The board's table as a person reads it: item, title, section, leader, 督办单 waiting. */
const table = (body: string): string[][] => [...body.matchAll(/<tr data-item="([^"]+)"[^>]*>([^]*?)<\/tr>/g)].map(([, item, cells]) => [
  item, /data-title>([^<]*)/.exec(cells)![1], /data-section>([^<]*)/.exec(cells)?.[1] ?? '', /data-leader>([^<]*)/.exec(cells)![1], /data-notices>([^<]*)/.exec(cells)![1],
]).sort(([a], [b]) => a.localeCompare(b));
const items = async (query: string): Promise<string[]> => table(await get(query)).map(([item]) => item);
const q = (f: Record<string, string>): string => Object.entries(f).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
/** The same filter read as the board reads a campaign of more than a page (visibility asked for the filter's rows). */
const pagedItems = async (filter: BoardFilter): Promise<string[]> =>
  (await readBoard(client, CAMPAIGN, filter, undefined, Date.now(), { listing: folderStores(live.env.RECTIFY_DATA!).listing, pageSize: 2 }))!.rows.map((r) => r.item).sort();

beforeAll(async () => {
  client = new Client({ connection: await Connection.connect({ address: live.env.TEMPORAL_ADDRESS! }) });
  writeCampaign(ITEMS);
  const started = await rectify(['start', file, '--desks', '1'], live.env);
  expect(started.stderr).toBe('');
  expect(started.code).toBe(0);
  app = await buildWebServer({
    client, key: Buffer.from('0123456789abcdefghijklmnopqrstuvwxyzABCDEF'), publicUrl: 'http://127.0.0.1', officeToken: TOKEN, uploadsDir: path.join(dir, 'uploads'),
    maxUploadBytes: 1048576, lang: 'zh', sessions: new FolderSessionStore(path.join(dir, 'sessions'), { idleMs: 3600e3, maxMs: 12 * 3600e3 }),
    listing: folderStores(live.env.RECTIFY_DATA!).listing,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  // Every item running and in visibility, and (3)'s 督办单 issued.
  await eventually('the four items on the board', async () => (await items('')).length === 4);
  await eventually('the 督办单 of (3)', async () => (await client.workflow.getHandle(itemWorkflowId(CAMPAIGN, '3')).query(itemSnapshotQuery)).status.openNotices?.length === 1);
}, 120000);

afterAll(async () => {
  await app?.close();
  await client?.connection.close();
});

test('the campaign shares out its mail over a desk, and its own list keeps no titles, sections or leaders', async () => {
  const s = await client.workflow.getHandle(campaignWorkflowId(CAMPAIGN)).query(campaignSnapshotQuery);
  expect(s.desks).toBe(1);
  expect(s.items.map((i) => [i.id, i.title, i.section, i.leader])).toEqual(Object.keys(ITEMS).map((id) => [id, undefined, undefined, undefined]));
});

test('the board shows each item\'s title, section and leader, and (3)\'s 督办单 waiting', async () => {
  expect(table(await eventually('the 督办单 on the board', async () => { const b = await get(''); return /data-notices>1</.test(b) && b; }))).toEqual(
    Object.entries(ITEMS).map(([id, i]) => [id, i.title, i.section, i.leader, id === '(3)' ? '1' : '']));
  // The filter form offers the listing's sections and leaders.
  const form = await get('');
  for (const v of ['（一）制度建设', '（二）作风建设', '李副书记', '张副书记']) expect(form).toContain(`<option value="${v}">${v}</option>`);
});

test('the section, leader and 督办单 filters choose the right rows, on a small board and read a filter at a time', async () => {
  expect(await items(q({ section: '（一）制度建设' }))).toEqual(['(1)', '(3)']);
  expect(await items(q({ leader: '李副书记' }))).toEqual(['(1)', '(4)']);
  expect(await items(q({ leader: '张副书记', section: '（二）作风建设' }))).toEqual(['(2)']);
  expect(await items(q({ notices: '1' }))).toEqual(['(3)']);
  expect(await items(q({ notices: '1', unit: '财务部' }))).toEqual([]);
  expect(await pagedItems({ section: '（一）制度建设' })).toEqual(['(1)', '(3)']);
  expect(await pagedItems({ leader: '李副书记' })).toEqual(['(1)', '(4)']);
  expect(await pagedItems({ leader: '张副书记', unit: '综合部' })).toEqual(['(3)']);
  expect(await pagedItems({ notices: true })).toEqual(['(3)']);
  expect(await pagedItems({ section: '（九）没有的类别' })).toEqual([]);
  // Unfiltered, a large campaign's first page, the campaign's size beside it.
  const first = await readBoard(client, CAMPAIGN, {}, undefined, Date.now(), { listing: folderStores(live.env.RECTIFY_DATA!).listing, pageSize: 2 });
  expect({ rows: first!.rows.map((r) => [r.item, r.title, r.leader]), total: first!.total }).toEqual({ rows: [['(1)', '完善制度', '李副书记'], ['(2)', '规范报销', '张副书记']], total: 4 });
});

test('after a plan change gives (1) another leader, the board names them and the leader filter follows', async () => {
  writeCampaign({ ...ITEMS, '(1)': { ...ITEMS['(1)'], leader: '张副书记' } });
  const changed = await rectify(['start', file, '--desks', '1', '--amend', '--approved-by', '王主任', '--by', '王主任'], live.env);
  expect(changed.stderr).toBe('');
  expect(changed.stdout).toContain('1 changed (approved by 王主任)');
  await eventually('(1) under its new leader in visibility', async () => (await pagedItems({ leader: '张副书记' })).includes('(1)'));
  expect(await pagedItems({ leader: '张副书记' })).toEqual(['(1)', '(2)', '(3)']);
  expect(await pagedItems({ leader: '李副书记' })).toEqual(['(4)']);
  expect(await items(q({ leader: '张副书记' }))).toEqual(['(1)', '(2)', '(3)']);
  expect(table(await get(q({ leader: '李副书记' })))).toEqual([['(4)', '清理账户', '（二）作风建设', '李副书记', '']]);
  expect(table(await get('')).find(([id]) => id === '(1)')).toEqual(['(1)', '完善制度', '（一）制度建设', '张副书记', '']);
});

test('my items names a closed item by its title, which only the listing keeps', async () => {
  const submitted = await rectify(['closeout', 'submit', '2', '--solved', '已规范', '--solved-evidence', 'a.pdf', '--cause', '制度缺失，无人失职', '--none-needed',
    '--similar', '已排查全部账目', '--similar-evidence', 'b.xlsx', '--mechanism', '每月对账', '--mechanism-evidence', 'rule.pdf', '--by', '孙明'], live.env);
  expect(submitted.stderr).toBe('');
  const accepted = await rectify(['closeout', 'review', '2', '--accept', '--by', '王主任'], live.env);
  expect(accepted.stderr).toBe('');
  await eventually('(2) closed in the campaign\'s list', async () =>
    (await client.workflow.getHandle(campaignWorkflowId(CAMPAIGN)).query(campaignSnapshotQuery)).items.find((i) => i.id === '(2)')?.state === 'closed');
  const link = signMine(Buffer.from('0123456789abcdefghijklmnopqrstuvwxyzABCDEF'), {
    campaign: CAMPAIGN, name: '孙明', email: 'sun.ming@example.org', items: ['(2)', '(4)'], expiresAt: Date.now() + 3600e3,
  });
  const r = await fetch(`${base}/m/${link}`);
  expect(r.status).toBe(200);
  const page = await r.text();
  expect(/<ul id="closed">([^]*?)<\/ul>/.exec(page)?.[1]).toContain('(2) 规范报销');
  expect(page).toContain('(4) 清理账户');
});
