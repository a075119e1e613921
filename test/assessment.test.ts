/**
 * 考核: a January of thirteen items in five units with records known by hand (who reported for which weekly
 * cycle, who missed, what was closed, which 督办单 went out), ranked as the table at the top says; the monthly
 * bulletin's ranking and `export assessment` (read back with exceljs and csv-parse) say the same. Pure: the
 * records are built directly, no server.
 */
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { validateCampaign } from '../domain/campaign';
import { dueTime } from '../domain/calendar';
import { buildState, type CampaignState } from '../documents/state';
import { bulletin } from '../documents/kinds';
import { renderDocx } from '../documents/docx';
import { renderText } from '../documents/text';
import { assessmentFile } from '../documents/assessment';
import { cellText, type TableBlock } from '../documents/model';
import type { CampaignSettings, ItemSnapshot, RegistryRow } from '../domain/contract';
import type { EscalationRecord, ItemState, Level } from '../domain/types';

const ZONE = 'Asia/Shanghai';
const at = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
// The January bulletin: the month's last working day, 17:00. Weekly reports are due on Fridays at 12:00:
// cycle 0 on 9 January, 1 on the 16th, 2 on the 23rd, 3 on the 30th.
const AS_OF = at('2026-01-30T17:00');

let settings: CampaignSettings;
beforeAll(async () => {
  const plan = await validateCampaign({
    campaign: { id: 'rank-test', name: '2026年巡察整改', committee: '区委', start: '2026-01-05', concentratedEnd: '2026-06-30' },
    addresses: { workingGroup: ['wg@example.org'], committee: ['cc@example.org'] },
    people: [{ name: '张三', role: 'leader', email: 'l@example.org' }],
    items: [{ id: 1, section: '一', problem: 'p', measures: ['m'], kind: '限期整改', leader: '张三', leadUnit: '甲单位',
      contacts: [{ name: '联络员', email: 'c@example.org' }], deadline: '2026-06-30' }],
  });
  const { items: _items, ...rest } = plan;
  settings = rest;
});

interface Known {
  unit: string;
  leader: string;
  reported?: number[];
  missed?: number[];
  state?: ItemState;
  percent?: number;
  /** Closed on this day (the record's state entries say when). */
  closedOn?: string;
  deadline?: string;
  overdue?: boolean;
  /** Escalations: level and day. */
  escalations?: [Level, string][];
}

function record(n: number, k: Known): { row: RegistryRow; snap: ItemSnapshot } {
  const cal = { timeZone: ZONE, start: settings.start, cadence: settings.cadence };
  const id = String(n);
  const deadline = k.deadline ?? '2026-06-30';
  const state = k.state ?? (k.closedOn ? 'closed' : (k.reported ?? []).length ? 'inProgress' : 'notStarted');
  const percent = k.percent ?? (state === 'closed' ? 100 : 0);
  const reports = (k.reported ?? []).map((cycle) => ({
    at: dueTime(cal, cycle).toMillis() - 86400000, by: '联络员', progress: `第${cycle + 1}周进展`, evidence: [], cycle,
    percent: state === 'closed' ? 100 : percent,
  }));
  const log: ItemSnapshot['log'] = [{ at: at('2026-01-05T09:00'), what: 'started', by: 'rectify', detail: `deadline ${deadline}` }];
  if (reports.length) log.push({ at: reports[0].at, what: 'state', by: '联络员', detail: 'notStarted → inProgress' });
  if (k.closedOn) {
    log.push({ at: at(`${k.closedOn}T09:00`) - 86400000, what: 'state', by: '联络员', detail: 'inProgress → submitted' });
    log.push({ at: at(`${k.closedOn}T09:00`), what: 'state', by: '专班', detail: 'submitted → closed' });
  }
  const escalations: EscalationRecord[] = (k.escalations ?? []).map(([level, day], e) => ({
    rung: `r${e}`, level, notice: level === 'chase' ? '催办' : '督办单', cycle: String(e), at: at(`${day}T12:00`), atLocal: `${day}T12:00:00+08:00`,
    to: ['leader@example.org'], reason: '未按时报送',
  }));
  const status = {
    id, key: id, state, light: 'green' as const, percent, missedInARow: 0, deadline, extensions: 0, overdue: k.overdue ?? false,
    openEscalations: [], leadUnit: k.unit, contacts: [{ name: '联络员', email: 'c@example.org' }],
  };
  const item = {
    id, key: id, section: '一', problem: 'p', measures: ['m'], kind: 'deadline' as const, leader: { name: k.leader, email: 'l@example.org' },
    leadUnit: k.unit, coUnits: [], contacts: status.contacts, unitHeads: [], leaderId: k.leader, deadline, milestones: [],
  };
  return {
    row: { ...status, section: '一', title: `事项${id}`, leader: k.leader },
    snap: { item, status, reports, decisions: [], escalations, reviews: [], log, missedCycles: k.missed ?? [] },
  };
}

const ALL = [0, 1, 2, 3];
const KNOWN: Known[] = [
  /* 1 */ { unit: '甲单位', leader: '张三', reported: ALL, percent: 60 },
  /* 2 */ { unit: '甲单位', leader: '张三', reported: [0, 1], closedOn: '2026-01-20' },
  /* 3 */ { unit: '甲单位', leader: '张三', reported: [0, 1], missed: [2, 3], percent: 10, escalations: [['chase', '2026-01-23'], ['supervision', '2026-01-26']] },
  /* 4 */ { unit: '乙单位', leader: '李四', reported: ALL, percent: 60 },
  /* 5 */ { unit: '乙单位', leader: '李四', reported: [0, 1], closedOn: '2026-01-20' },
  /* 6 */ { unit: '乙单位', leader: '李四', reported: [0, 1], missed: [2, 3], percent: 10, escalations: [['supervision', '2026-01-26']] },
  /* 7 */ { unit: '丙单位', leader: '王五', reported: ALL, closedOn: '2026-01-30' },
  /* 8 */ { unit: '丙单位', leader: '王五', reported: ALL, closedOn: '2026-01-30' },
  /* 9 */ { unit: '丙单位', leader: '王五', reported: ALL, percent: 50 },
  /* 10 */ { unit: '戊单位', leader: '赵六', missed: ALL, deadline: '2026-01-20', overdue: true,
    escalations: [['supervision', '2026-01-14'], ['working-group', '2026-01-21']] },
  /* 11 */ { unit: '戊单位', leader: '赵六', missed: ALL, escalations: [['supervision', '2026-01-14'], ['working-group', '2026-01-19']] },
  /* 12 */ { unit: '戊单位', leader: '赵六', reported: ALL, percent: 20 },
  /* 13 */ { unit: '丁单位', leader: '张三', reported: ALL, closedOn: '2026-01-28' },
];

/*
 * By hand (default weights 30/30/15/15/10; 序时进度 on 30 January of a 30 June deadline: 15%):
 *
 * unit   items due on-time rate    closed rate    behind overdue notices score
 * 丙单位  3     12  12     100.00%  2      66.67%  0      0       0       30 + 20 + 15 + 15 + 10           = 90.00  1
 * 甲单位  3     10  8      80.00%   1      33.33%  1 (3)  0       1       24 + 10 + 10 + 15 + 6.67         = 65.67  2
 * 乙单位  3     10  8      80.00%   1      33.33%  1 (6)  0       1       the same                         = 65.67  2
 * 戊单位  3     12  4      33.33%   0      0.00%   2      1 (10)  4       10 + 0 + 5 + 10 + 0              = 25.00  4
 * 丁单位  1     4   4      100.00%  1      100.00% 0      0       0       100.00, 1 item: not ranked
 *
 * leader 张三 (甲单位 and 丁单位): 4 items, 14 due, 12 on time (85.71%), 2 closed (50%), 1 behind, 0 overdue,
 * 1 notice: 25.71 + 15 + 11.25 + 15 + 7.5 = 74.46.
 */
const UNITS = [
  ['1', '丙单位', '3', '12', '12', '100.00%', '2', '66.67%', '0', '0', '0', '90.00'],
  ['2', '甲单位', '3', '10', '8', '80.00%', '1', '33.33%', '1', '0', '1', '65.67'],
  ['2', '乙单位', '3', '10', '8', '80.00%', '1', '33.33%', '1', '0', '1', '65.67'],
  ['4', '戊单位', '3', '12', '4', '33.33%', '0', '0.00%', '2', '1', '4', '25.00'],
  ['不参与排名', '丁单位', '1', '4', '4', '100.00%', '1', '100.00%', '0', '0', '0', '100.00'],
];
const LEADERS = [
  ['1', '王五', '3', '12', '12', '100.00%', '2', '66.67%', '0', '0', '0', '90.00'],
  ['2', '张三', '4', '14', '12', '85.71%', '2', '50.00%', '1', '0', '1', '74.46'],
  ['3', '李四', '3', '10', '8', '80.00%', '1', '33.33%', '1', '0', '1', '65.67'],
  ['4', '赵六', '3', '12', '4', '33.33%', '0', '0.00%', '2', '1', '4', '25.00'],
];

const january = (over: Partial<Parameters<typeof buildState>[0]> = {}): CampaignState => {
  const known = KNOWN.map((k, n) => record(n + 1, k));
  return buildState({
    campaign: settings, rows: known.map((k) => k.row), snapshots: new Map(known.map((k) => [k.row.key, k.snap])), asOfMs: AS_OF, ...over,
  });
};
const table = (s: CampaignState, id: string): TableBlock => bulletin(s).blocks.find((b): b is TableBlock => b.type === 'table' && b.id === id)!;
const texts = (t: TableBlock): string[][] => t.rows.map((r) => r.map(cellText));

test('the January bulletin ranks units and leaders as computed by hand: ties share a rank, a one-item unit is listed apart, not ranked', () => {
  const s = january();
  expect(s.assessment).toMatchObject({ from: '2026-01-01', to: '2026-01-30' });
  expect(texts(table(s, 'ranking-units'))).toEqual(UNITS);
  expect(texts(table(s, 'ranking-leaders'))).toEqual(LEADERS);
  // The mail names each unit's rank and score; the Word file carries the tables.
  const mail = renderText(bulletin(s));
  expect(mail).toContain('· 2  乙单位  得分 65.67  按时报送率 80.00%  完成率 33.33%');
  expect(mail).toContain('· 不参与排名  丁单位  得分 100.00');
});

test('the Word bulletin and the English one carry the ranking', async () => {
  const docx = (await mammoth.extractRawText({ buffer: await renderDocx(bulletin(january())) })).value;
  expect(docx).toContain('七、考核排名（2026-01-01 至 2026-01-30）');
  expect(docx).toContain('事项少于 3 项的单位和领导不参与排名');
  const en = january({ lang: 'en' });
  expect(table(en, 'ranking-units').head).toContain('on-time rate');
  expect(texts(table(en, 'ranking-units')).at(-1)?.slice(0, 2)).toEqual(['not ranked', '丁单位']);
});

test('export assessment gives the bulletin\'s figures: the xlsx with numbers typed as numbers, the CSV', async () => {
  const s = january();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await assessmentFile('xlsx', s.assessment, 'zh') as unknown as ArrayBuffer);
  expect(wb.worksheets.map((x) => x.name)).toEqual(['牵头单位', '责任领导']);
  const sheetRows = (n: number): unknown[][] => wb.worksheets[n].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  const [head, ...units] = sheetRows(0);
  expect(head).toEqual(['名次', '牵头单位', '事项数', '应报次数', '按时报送', '按时报送率(%)', '已销号', '完成率(%)', '落后序时进度', '逾期', '督办单', '得分']);
  expect(units[1]).toEqual([2, '甲单位', 3, 10, 8, 80, 1, 33.33, 1, 0, 1, 65.67]);
  // Every figure the bulletin prints is the export's, cell for cell.
  const asText = (v: unknown, col: number): string => (typeof v !== 'number' ? String(v) : col === 5 || col === 7 ? `${v.toFixed(2)}%` : col === 11 ? v.toFixed(2) : String(v));
  expect(units.map((r) => r.map(asText))).toEqual(texts(table(s, 'ranking-units')));
  expect(sheetRows(1).slice(1).map((r) => r.map(asText))).toEqual(texts(table(s, 'ranking-leaders')));

  const csv = parse((await assessmentFile('csv', s.assessment, 'zh', 'leader')).toString('utf8'), { bom: true }) as string[][];
  expect(csv[0][1]).toBe('责任领导');
  expect(csv.slice(1).map((r) => r.map((v, col) => (col === 0 || col === 1 ? v : asText(Number(v), col))))).toEqual(LEADERS);
});

test('a range in the past counts the cycles due in it and the record as it stood at its end', () => {
  // 12 to 25 January: cycles 1 and 2. Item 2 was closed on the 20th; items 7, 8 and 13 were not closed yet.
  const s = january({ assessment: { from: '2026-01-12', to: '2026-01-25' } });
  const row = (name: string) => s.assessment.units.find((u) => u.name === name)!;
  expect(row('甲单位')).toMatchObject({ reportsDue: 5, reportsOnTime: 4, closed: 1, notices: 0 });
  expect(row('丙单位')).toMatchObject({ reportsDue: 6, reportsOnTime: 6, closed: 0 });
  expect(row('戊单位')).toMatchObject({ reportsDue: 6, reportsOnTime: 2, notices: 4, overdue: 1 });
});

test('weights and the minimum come from the campaign file', () => {
  const s = january({ campaign: { ...settings, assessment: { weights: { onTime: 100, completion: 0, behindPlan: 0, overdue: 0, notices: 0 }, minItems: 1 } } });
  expect(s.assessment.units.map((u) => [u.rank, u.name, u.score])).toEqual([
    [1, '丙单位', 100], [1, '丁单位', 100], [3, '甲单位', 80], [3, '乙单位', 80], [5, '戊单位', 33.33],
  ]);
});
