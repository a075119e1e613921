/**
 * Loading campaign files: inline items, CSV and XLSX ledgers, and the exact
 * message of every refusal (`where: what`, one line per problem).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import YAML from 'yaml';
import {
  CampaignError,
  campaignJsonSchema,
  itemKeys,
  loadCampaign,
  loadCampaignText,
  validateCampaign,
} from '../domain/campaign';
import { readLedger } from '../domain/ledger/read';
import { tableCsv } from '../documents/table';
import { cadence, DEFAULT_LADDER } from '../domain/schema';
import type { CampaignPlan } from '../domain/types';

const FIX = path.join(__dirname, 'fixtures');
const GOOD = path.join(FIX, 'ledgers');
const BAD = path.join(FIX, 'bad');

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-load-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The full message of the CampaignError a load gives (fails if it loads or throws anything else). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CampaignError) return e.message;
    throw e;
  }
  throw new Error('expected a CampaignError, but the campaign loaded');
}

const EXPECTED: CampaignPlan = {
  id: 'gxq-2023',
  name: '高新区巡察整改',
  committee: '中共示例高新区工作委员会',
  timeZone: 'Asia/Shanghai',
  start: '2023-07-10',
  concentratedEnd: '2023-10-31',
  language: 'zh',
  cadence: cadence.parse({}), // the file sets only the weekday (周五), which is the default
  ladder: DEFAULT_LADDER,
  notices: { format: '督办〔{year}〕第{n}号', office: '整改工作领导专班办公室' },
  assessment: { minItems: 3, weights: { onTime: 30, completion: 30, behindPlan: 15, overdue: 15, notices: 10 } },
  lookBack: { longTermReports: 'monthly', afterMonths: [3, 6] },
  workingGroup: ['zhuanban@gxq.example.cn'],
  committeeAddresses: ['dangongwei@gxq.example.cn'],
  // The directory names no coordinator and no named address for the working group or committee.
  coordinators: [],
  addressNames: {},
  items: [
    {
      id: '(1)',
      key: '1',
      section: '(一)学习贯彻党的二十大精神',
      topic: '1. 关于理论学习方面',
      title: '提高理论武装的政治自觉',
      problem: '理论学习中心组学习不够深入系统，专题研讨流于形式。',
      measures: ['制定理论学习中心组学习制度', '完善年度学习计划', '开展专题学习研讨'],
      kind: 'immediate',
      leader: { name: '王副主任', email: 'wang@gxq.example.cn' },
      leadUnit: '综合部',
      coUnits: ['党群工作部', '纪工委'],
      contacts: [{ name: '孙丽', email: 'sunli@gxq.example.cn' }],
      unitHeads: [{ name: '刘科长', email: 'liu@gxq.example.cn' }],
      leaderId: 'wang',
      deadline: '2023-08-31',
      milestones: [{ date: '2023-07-31', deliverable: '学习制度印发' }],
    },
    {
      id: '(2)',
      key: '2',
      section: '(一)学习贯彻党的二十大精神',
      topic: '1. 关于理论学习方面',
      problem: '招商引资项目履约监管不到位，部分项目长期未达产。',
      measures: ['1.全面梳理在谈在建项目', '2.制定项目履约监管办法', '3.建立低效项目退出机制'],
      kind: 'deadline',
      leader: { name: '陈部长', email: 'chen@gxq.example.cn' },
      leadUnit: '经济发展局',
      coUnits: [],
      contacts: [
        { name: '钱进', email: 'qianjin@gxq.example.cn' },
        { name: '赵敏', email: 'zhaomin@gxq.example.cn' },
      ],
      unitHeads: [{ name: '周局长', email: 'zhou@gxq.example.cn' }],
      leaderId: 'p3',
      deadline: '2023-10-31',
      milestones: [
        { date: '2023-08-31', deliverable: '完成项目梳理' },
        { date: '2023-09-30', deliverable: '监管办法出台' },
      ],
    },
    {
      id: '(3)',
      key: '3',
      section: '(二)全面从严治党',
      problem: '作风建设常抓不懈的机制不健全。',
      measures: ['落实中央八项规定精神', '开展作风建设专项检查'],
      kind: 'longTerm',
      leader: { name: '李书记', email: 'shuji@gxq.example.cn' },
      leadUnit: '综合部',
      coUnits: ['纪工委'],
      contacts: [{ name: '孙丽', email: 'sunli@gxq.example.cn' }],
      unitHeads: [{ name: '刘科长', email: 'liu@gxq.example.cn' }],
      leaderId: 'p1',
      deadline: '2023-12-31',
      milestones: [],
    },
  ],
};

/** The campaign of campaign-csv.yaml with its items from another ledger, in the tmp dir. */
function campaignWithLedger(dir: string, ledger: string, base = path.join(GOOD, 'campaign-csv.yaml')): string {
  const text = fs.readFileSync(base, 'utf8').replace(/^itemsFrom: .*$/m, `itemsFrom: ${ledger}`);
  const file = path.join(dir, `campaign-${path.basename(ledger, path.extname(ledger))}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

/** The good ledger as an XLSX: English headers, a title row, merged section cells, a date cell,
 *  a plain serial-number date, rich text, a formula with its cached result and a mailto link. */
async function writeGoodXlsx(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['高新区巡察整改台账']);
  ws.mergeCells('A1:N1');
  ws.addRow(['id', 'section', 'topic', 'title', 'problem', 'measures', 'kind', 'leader', 'lead_unit', 'co_units',
    'contact', 'contact_email', 'Deadline (YYYY-MM-DD)', 'milestones']);
  ws.addRow(['(1)', '(一)学习贯彻党的二十大精神', '1. 关于理论学习方面', '提高理论武装的政治自觉',
    '理论学习中心组学习不够深入系统，专题研讨流于形式。',
    '制定理论学习中心组学习制度\n完善年度学习计划\n开展专题学习研讨', 'immediate', '王副主任', '综合部',
    '党群工作部，纪工委', '孙丽', { text: '孙丽', hyperlink: 'mailto:sunli@gxq.example.cn' },
    new Date(Date.UTC(2023, 7, 31)), '2023/7/31：学习制度印发']);
  ws.addRow(['(2)', null, null, null,
    { richText: [{ text: '招商引资项目履约监管不到位，' }, { font: { bold: true }, text: '部分项目长期未达产。' }] },
    '1.全面梳理在谈在建项目；2.制定项目履约监管办法；3.建立低效项目退出机制', 'deadline', '陈部长', '经济发展局',
    null, '钱进，赵敏', 'qianjin@gxq.example.cn, zhaomin@gxq.example.cn', 45230,
    '2023-08-31 完成项目梳理\r\n2023-09-30 监管办法出台']);
  ws.addRow([]);
  ws.addRow([{ formula: '"("&3&")"', result: '(3)' }, '(二)全面从严治党', null, null, '作风建设常抓不懈的机制不健全。',
    '落实中央八项规定精神; 开展作风建设专项检查', 'long-term', '李书记', '综合部', '纪工委', '孙丽', null,
    '2023-12-31', null]);
  ws.mergeCells('B3:B4');
  ws.mergeCells('C3:C4');
  ws.getCell('M3').numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(file);
}

describe('a good campaign', () => {
  test('inline items load into the expected plan', async () => {
    expect(await loadCampaign(path.join(GOOD, 'campaign.yaml'))).toEqual(EXPECTED);
  });

  test('a CSV ledger (BOM, CRLF, Chinese headers, measures split on ；, ; and line breaks) gives the same plan', async () => {
    const bytes = fs.readFileSync(path.join(GOOD, 'items.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await loadCampaign(path.join(GOOD, 'campaign-csv.yaml'))).toEqual(EXPECTED);
  });

  test('an XLSX ledger gives the same plan', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'xlsx-'));
    await writeGoodXlsx(path.join(dir, 'items.xlsx'));
    const ledger = await readLedger(path.join(dir, 'items.xlsx'));
    expect(ledger.problems).toEqual([]);
    expect(ledger.headerRow).toBe(2);
    expect(ledger.rows.map((r) => r.row)).toEqual([3, 4, 6]);
    expect(await loadCampaign(campaignWithLedger(dir, 'items.xlsx'))).toEqual(EXPECTED);
  });

  test('JSON gives the same plan', async () => {
    const raw: unknown = YAML.parse(fs.readFileSync(path.join(GOOD, 'campaign.yaml'), 'utf8'));
    const file = path.join(tmp, 'campaign.json');
    fs.writeFileSync(file, JSON.stringify(raw, null, 2));
    expect(await loadCampaign(file)).toEqual(EXPECTED);
  });

  test('rebaseTo moves start, end of the concentrated period, deadlines and milestones by the same days', async () => {
    const plan = await loadCampaign(path.join(GOOD, 'campaign.yaml'), { rebaseTo: '2024-03-04' });
    // 2023-07-10 → 2024-03-04 is 238 days.
    expect(plan.start).toBe('2024-03-04');
    expect(plan.concentratedEnd).toBe('2024-06-25');
    expect(plan.items.map((i) => i.deadline)).toEqual(['2024-04-25', '2024-06-25', '2024-08-25']);
    expect(plan.items.map((i) => i.milestones.map((m) => m.date))).toEqual([
      ['2024-03-25'], ['2024-04-25', '2024-05-25'], [],
    ]);
    expect({ ...plan, start: EXPECTED.start, concentratedEnd: EXPECTED.concentratedEnd, items: EXPECTED.items })
      .toEqual(EXPECTED);
    expect(await refusal(loadCampaign(path.join(GOOD, 'campaign.yaml'), { rebaseTo: '2024-02-30' })))
      .toBe('rebaseTo: no such day: "2024-02-30"');
  });

  test('the plan is plain JSON', async () => {
    const plan = await loadCampaign(path.join(GOOD, 'campaign-csv.yaml'));
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('item keys', () => {
  test('follow itemKeyOf (what the CLI uses), workflow-id-safe and unique', () => {
    const ids = ['(12)', '（3）', 'A 1', '一', '二', 'item-2', '3.1'];
    expect(itemKeys(ids)).toEqual(['12', '3', 'A-1', 'item', 'item-3', 'item-2', '3-1']);
    expect(itemKeys(ids).map((k) => /^[A-Za-z0-9_-]+$/.test(k))).not.toContain(false);
  });

  test('"(12)", "（12）" and "12" are the same item: a duplicate', async () => {
    const raw = YAML.parse(fs.readFileSync(path.join(BAD, 'duplicate-id.yaml'), 'utf8')) as { items: { id: string }[] };
    raw.items[1].id = '（1）';
    raw.items[2].id = '1';
    expect(await refusal(validateCampaign(raw, { label: 'same.yaml' })))
      .toBe('same.yaml: item (1), id: duplicate id: items #1 ("(1)"), #2 ("（1）") and #3 ("1") are the same item');
  });
});

describe('refusals name the place and the problem', () => {
  const bad = (f: string) => refusal(loadCampaign(path.join(BAD, f)));

  test('duplicate id, inline: both positions', async () => {
    expect(await bad('duplicate-id.yaml')).toBe('duplicate-id.yaml: item (1), id: duplicate id: items #1 and #3 both use it');
  });

  test('duplicate id in a ledger: both rows', async () => {
    expect(await bad('duplicate-ledger.yaml'))
      .toBe('duplicate.csv row 2, column 序号 (A): duplicate id "(1)": rows 2 and 4 both use it');
  });

  test('unknown kind: the schema message survives', async () => {
    expect(await bad('unknown-kind.yaml')).toBe(
      'unknown-kind.yaml: item (1), kind: unknown kind "马上就改" (立行立改, 限期整改 or 长期坚持; immediate, deadline or long-term)',
    );
  });

  test('unparseable date', async () => {
    expect(await bad('bad-date.yaml')).toBe('bad-date.yaml: item (1), deadline: not a date in the form YYYY-MM-DD: "十月底"');
  });

  test('impossible date', async () => {
    expect(await bad('impossible-date.yaml')).toBe('impossible-date.yaml: item (12), deadline: no such day: "2023-02-30"');
  });

  test('contact with no address', async () => {
    expect(await bad('no-email.yaml')).toBe('no-email.yaml: item (7), contacts: 联络员 "赵六" has no e-mail address');
  });

  test('leader not in the directory', async () => {
    expect(await bad('unknown-leader.yaml')).toBe(
      'unknown-leader.yaml: item (1), leader: 责任领导 "王五" is not in the directory (people with role leader or secretary)',
    );
  });

  test('a GBK-encoded CSV is refused with the advice to save it as UTF-8', async () => {
    const bytes = fs.readFileSync(path.join(BAD, 'gbk.csv'));
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xf2, 0xba, 0xc5]); // 序号 in GBK
    expect(await bad('gbk-ledger.yaml')).toBe(
      'gbk.csv line 1: not UTF-8 text (saved as GBK/ANSI?): save the ledger as "CSV UTF-8 (逗号分隔)" and load it again',
    );
  });

  test('a missing header column is named', async () => {
    expect(await bad('missing-header-ledger.yaml')).toBe('missing-header.csv row 1: no column 整改时限 (or deadline) in the header row');
  });

  test('YAML syntax error: line and column', async () => {
    expect(await bad('syntax.yaml')).toBe('syntax.yaml line 4, column 9: Nested mappings are not allowed in compact mappings');
  });

  test('JSON syntax error: line and column', async () => {
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, '{\n  "campaign": {\n    "id": "x",\n  }\n}\n');
    expect(await refusal(loadCampaign(file))).toBe('broken.json line 4, column 3: not valid JSON: Expected double-quoted property name');
  });

  test('several problems in one file are all listed, campaign first, then item by item', async () => {
    expect((await bad('many.yaml')).split('\n')).toEqual([
      'many.yaml: cadence.weeklyDue.weekday: not a weekday: "周八" (1-7, monday..sunday, 周一..周日)',
      'many.yaml: cadence.weeklyDue.time: a time of day as HH:MM (00:00 to 23:59), not "25:00"',
      'many.yaml: cadence: unknown field "digestWindow"',
      'many.yaml: campaign.concentratedEnd: 2023-01-01 is before the campaign start 2023-01-09',
      'many.yaml: item (1), kind: unknown kind "马上就改" (立行立改, 限期整改 or 长期坚持; immediate, deadline or long-term)',
      'many.yaml: item (1), leader: 责任领导 "王五" is not in the directory (people with role leader or secretary)',
      'many.yaml: item (2), contacts: 联络员 "赵六" has no e-mail address',
      'many.yaml: item (2), deadline: deadline 2022-12-31 is before the campaign start 2023-01-09',
      'many.yaml: item (2), milestones[1]: milestone 2023-01-31 "方案" is after the deadline 2022-12-31',
      'many.yaml: item (3), measures: give at least one',
      'many.yaml: item (3), contacts[1].email: not an e-mail address: "zhouqi-at-example.cn"',
      'many.yaml: item (3), deadline: no such day: "2023-06-31"',
    ]);
  });

  test('problems is the list behind the message', async () => {
    try {
      await loadCampaign(path.join(BAD, 'no-email.yaml'));
      throw new Error('loaded');
    } catch (e) {
      expect(e).toBeInstanceOf(CampaignError);
      expect((e as CampaignError).problems).toEqual([
        { where: 'no-email.yaml: item (7), contacts', what: '联络员 "赵六" has no e-mail address' },
      ]);
    }
  });

  test('XLSX row errors name file, row, column and letter, in row and column order', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '问题类别', '反馈问题', '整改措施', '整改类型', '责任领导', '牵头单位', '配合单位', '联络员', '联络员邮箱',
      '整改时限', '节点']);
    ws.addRow(['(1)', '(一)示例', '问题甲', '措施甲', '立行立改', '王副主任', '综合部', null, '孙丽', null, '2023-03-31', null]);
    ws.addRow([]);
    ws.addRow(['(2)', '(一)示例', '问题乙', '措施乙', '立行立改', '王副主任', '综合部', null, '钱进、赵敏', 'qianjin@example.cn',
      { formula: 'TODAY()+30' }, null]);
    ws.addRow(['(3)', '(一)示例', '问题丙', '措施丙', { error: '#N/A' }, '王副主任', '综合部', null, '孙丽', null, '2023-02-30',
      '下月完成']);
    ws.addRow(['(1)', '(一)示例', '问题丁', '措施丁', '限期整改', '王副主任', '综合部', null, '孙丽', null, '2023-04-30', null]);
    await wb.xlsx.writeFile(path.join(dir, 'ledger.xlsx'));
    const file = campaignWithLedger(dir, 'ledger.xlsx', path.join(BAD, 'duplicate-ledger.yaml'));
    expect((await refusal(loadCampaign(file))).split('\n')).toEqual([
      'ledger.xlsx row 2, column 序号 (A): duplicate id "(1)": rows 2 and 6 both use it',
      'ledger.xlsx row 4, column 联络员邮箱 (J): 2 names under 联络员 but 1 address: give one address per name, in the same order',
      'ledger.xlsx row 4, column 整改时限 (K): a formula with no saved result: open the ledger in Excel or WPS and save it, or paste the values',
      'ledger.xlsx row 5, column 整改类型 (E): the cell shows the error #N/A',
      'ledger.xlsx row 5, column 整改时限 (K): no such day: "2023-02-30"',
      'ledger.xlsx row 5, column 节点 (L): line 1 "下月完成" is not a date and a deliverable ("YYYY-MM-DD 交付物", one per line)',
    ]);
  });

  test('CSV row errors from the schema and the cross-checks name row and column', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-csv-'));
    fs.writeFileSync(path.join(dir, 'rows.csv'), [
      '序号,问题类别,反馈问题,整改措施,整改类型,责任领导,牵头单位,联络员,联络员邮箱,整改时限,节点',
      '(1),(一)示例,问题甲,措施甲,马上改,王五,综合部,赵六,,2022-12-31,"2023-01-31 方案"',
      '(2),(一)示例,,措施乙,立行立改,王副主任,综合部,周七,zhouqi-at-example.cn,2023-03-31,',
    ].join('\r\n'));
    const file = campaignWithLedger(dir, 'rows.csv', path.join(BAD, 'duplicate-ledger.yaml'));
    expect((await refusal(loadCampaign(file))).split('\n')).toEqual([
      'rows.csv row 2, column 整改类型 (E): unknown kind "马上改" (立行立改, 限期整改 or 长期坚持; immediate, deadline or long-term)',
      'rows.csv row 2, column 责任领导 (F): 责任领导 "王五" is not in the directory (people with role leader or secretary)',
      'rows.csv row 2, column 联络员 (H): 联络员 "赵六" has no e-mail address',
      'rows.csv row 2, column 整改时限 (J): deadline 2022-12-31 is before the campaign start 2023-01-09',
      'rows.csv row 2, column 节点 (K): milestone 2023-01-31 "方案" is after the deadline 2022-12-31',
      'rows.csv row 3, column 反馈问题 (C): missing (required)',
      'rows.csv row 3, column 联络员邮箱 (I): 联络员 "周七": not an e-mail address: "zhouqi-at-example.cn"',
    ]);
  });

  test('items and itemsFrom: exactly one', async () => {
    const raw = YAML.parse(fs.readFileSync(path.join(GOOD, 'campaign.yaml'), 'utf8')) as Record<string, unknown>;
    expect(await refusal(validateCampaign({ ...raw, itemsFrom: 'items.csv' }, { label: 'c.yaml', baseDir: GOOD })))
      .toBe('c.yaml: itemsFrom: give items or itemsFrom, not both');
    expect(await refusal(validateCampaign({ ...raw, items: undefined }, { label: 'c.yaml' })))
      .toBe('c.yaml: items: no items: list them under items, or name a ledger with itemsFrom');
  });

  test('a missing file, an empty file and a missing ledger', async () => {
    expect(await refusal(loadCampaign(path.join(tmp, 'nope.yaml'))))
      .toBe(`nope.yaml: no such file (looked for ${path.join(tmp, 'nope.yaml')})`);
    expect(await refusal(loadCampaignText('# nothing\n', { label: 'empty.yaml' }))).toBe('empty.yaml: the file is empty');
    const file = campaignWithLedger(tmp, 'missing.csv');
    expect(await refusal(loadCampaign(file))).toBe(`missing.csv: no such file (looked for ${path.join(tmp, 'missing.csv')})`);
  });
});

describe('the JSON Schema of the campaign file', () => {
  test('is produced without throwing and describes the input', () => {
    const s = campaignJsonSchema() as { type: string; properties: Record<string, unknown>; required: string[] };
    expect(s.type).toBe('object');
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['campaign', 'cadence', 'people', 'items', 'itemsFrom']));
    expect(s.required).toEqual(expect.arrayContaining(['campaign', 'addresses']));
    expect(() => JSON.stringify(s)).not.toThrow();
  });
});

describe('junk never throws anything but CampaignError', () => {
  const onlyCampaignErrors = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (!(e instanceof CampaignError)) throw e;
      expect(e.problems.length).toBeGreaterThan(0);
      for (const pr of e.problems) expect(typeof pr.where === 'string' && typeof pr.what === 'string').toBe(true);
    }
  };

  test('any value as the parsed file', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'junk-'));
    await fc.assert(
      fc.asyncProperty(fc.anything(), (raw) => onlyCampaignErrors(validateCampaign(raw, { label: 'junk.yaml', baseDir: empty }))),
      { numRuns: 300 },
    );
  });

  test('any text as YAML or JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), fc.constantFrom('yaml' as const, 'json' as const), (text, format) =>
        onlyCampaignErrors(loadCampaignText(text, { label: `junk.${format}`, format }))),
      { numRuns: 300 },
    );
  });

  test('a good campaign with junk in random places', async () => {
    const base = YAML.parse(fs.readFileSync(path.join(GOOD, 'campaign.yaml'), 'utf8')) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(base, []);
    const junk = fc.oneof(fc.anything(), fc.constant(undefined), fc.string(),
      fc.constantFrom('2023-02-30', '王五', '(1)', '', '长期坚持', 'x@y', -1, 1.5));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), junk), { minLength: 1, maxLength: 4 }), async (mutations) => {
        const raw = structuredClone(base) as Record<string, unknown>;
        for (const [n, value] of mutations) {
          const p = paths[n % paths.length];
          if (p.length === 0) continue;
          let parent: any = raw;
          for (const k of p.slice(0, -1)) parent = parent?.[k];
          if (parent && typeof parent === 'object') parent[p[p.length - 1]] = value;
        }
        await onlyCampaignErrors(validateCampaign(raw, { label: 'mutated.yaml', baseDir: GOOD }));
      }),
      { numRuns: 300 },
    );
  });

  test('junk cells in a CSV ledger', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'junk-csv-'));
    const file = campaignWithLedger(dir, 'junk.csv');
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('', '2023-02-30', '2023-08-31 交付', '立行立改',
      '王副主任', '孙丽、钱进', 'a@b.cn；c@d.cn', '无', '(1)', '\n', '；'));
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 5 }), async (rows) => {
        const header = '序号,问题类别,专题,标题,反馈问题,整改措施,整改类型,责任领导,牵头单位,配合单位,联络员,联络员邮箱,整改时限,节点';
        fs.writeFileSync(path.join(dir, 'junk.csv'), [header, ...rows.map((r) => r.map(quote).join(','))].join('\r\n'));
        await onlyCampaignErrors(loadCampaign(file));
      }),
      { numRuns: 100 },
    );
  });
});

describe('ledgers as offices really save them (fuzzed)', () => {
  const HEADER = ['序号', '问题类别', '专题', '标题', '反馈问题', '整改措施', '整改类型', '责任领导', '牵头单位', '配合单位', '联络员', '联络员邮箱', '整改时限', '节点'];
  const EN_HEADER = ['id', 'section', 'topic', 'title', 'problem', 'measures', 'kind', 'leader', 'lead_unit', 'co_units', 'contact', 'contact_email', 'deadline', 'milestones'];
  const GOOD_ROW = (id: string) => [id, '(一)示例', '', '', '问题', '措施甲；措施乙', '立行立改', '王副主任', '综合部', '', '孙丽', '', '2023-08-31', ''];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const csv = (rows: string[][]) => rows.map((r) => r.map(quote).join(',')).join('\r\n');
  /** Every `where` names the ledger, and a row's cell by column name and letter. */
  const WHERE = /^[\w.-]+\.(csv|xlsx)( (row|line) \d+(, column \S+ \([A-Z]+\))?)?$/;

  /** GBK as Windows saves it ("ANSI"), built from the platform's GBK decoder. */
  const gbkOf: Map<string, number[]> = new Map();
  beforeAll(() => {
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkOf.has(ch)) gbkOf.set(ch, [a, b]);
      }
    }
  });
  const gbk = (s: string): Buffer => Buffer.from([...s].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : gbkOf.get(ch) ?? [0x3f])));
  const hanzi = fc.string({ unit: fc.constantFrom(...'整改措施问题学习制度印发领导单位联络员综合部完成节点方案落实责任督办，。；、'), minLength: 1, maxLength: 30 });

  test('a GBK-saved CSV is refused with the advice to save it as UTF-8, naming the first line that is not UTF-8', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'gbk-'));
    const file = campaignWithLedger(dir, 'gbk.csv');
    let tried = 0;
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(fc.array(fc.oneof(hanzi, fc.constantFrom('(1)', '2023-08-31', '')), { minLength: 14, maxLength: 14 }), { minLength: 1, maxLength: 4 }),
      async (chineseHeader, rows) => {
        const lines = [chineseHeader ? HEADER : EN_HEADER, ...rows].map((r) => gbk(r.map(quote).join(',')));
        const firstBad = lines.findIndex((l) => { try { new TextDecoder('utf-8', { fatal: true }).decode(l); return false; } catch { return true; } });
        fc.pre(firstBad >= 0); // GBK bytes that happen to be UTF-8 too are another text, not an encoding error
        fs.writeFileSync(path.join(dir, 'gbk.csv'), Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\r\n'), l] : [l]))));
        const said = await refusal(loadCampaign(file));
        expect(said).toBe(`gbk.csv line ${firstBad + 1}: not UTF-8 text (saved as GBK/ANSI?): save the ledger as "CSV UTF-8 (逗号分隔)" and load it again`);
        tried += 1;
      }), { numRuns: 100 });
    expect(tried).toBeGreaterThan(50);
  });

  test('XLSX cells of every kind (formulas with and without results, errors, rich text, links, dates, huge text): only named refusals', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'xlsx-junk-'));
    const file = campaignWithLedger(dir, 'junk.xlsx');
    const cell = fc.oneof(
      fc.constantFrom<ExcelJS.CellValue>(null, '', '(1)', '(一)示例', '立行立改', '王副主任', '孙丽', '2023-08-31', '=1+1', '+cmd|\' /C calc\'!A0', '@SUM(A1)', '-2+3',
        { formula: 'TODAY()+30' }, { formula: 'A1&"x"', result: '(9)' }, { formula: 'DATE(2023,8,31)', result: new Date(Date.UTC(2023, 7, 31)) },
        { formula: '1/0', result: { error: '#DIV/0!' } }, { error: '#N/A' }, { error: '#REF!' },
        { richText: [{ text: '整改' }, { font: { bold: true }, text: '措施' }] }, { text: '孙丽', hyperlink: 'mailto:sunli@gxq.example.cn' },
        { text: 'x', hyperlink: 'javascript:alert(1)' }, new Date(Date.UTC(2023, 1, 28)), true, 45230, -1, 1e300, 0.5),
      fc.integer({ min: 1, max: 32767 }).map((n) => '措'.repeat(n)), // up to Excel's limit for a cell
      fc.string({ unit: 'grapheme', maxLength: 20 }),
    );
    const problems: string[] = [];
    await fc.assert(fc.asyncProperty(fc.array(fc.array(cell, { minLength: 14, maxLength: 14 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (rows, goodFirst) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('台账');
      ws.addRow(HEADER);
      if (goodFirst) ws.addRow(GOOD_ROW('(1)'));
      for (const r of rows) ws.addRow(r);
      await wb.xlsx.writeFile(path.join(dir, 'junk.xlsx'));
      try {
        await loadCampaign(file);
      } catch (e) {
        if (!(e instanceof CampaignError)) throw e;
        for (const p of e.problems) {
          expect(p.where).toMatch(WHERE);
          expect(p.what.length).toBeLessThan(600); // a 32,767-character cell is named, not echoed
          problems.push(p.what);
        }
      }
    }), { numRuns: 80 });
    expect(problems.length).toBeGreaterThan(0);
  });

  test('a formula with no saved result is refused in its own cell; with one, the result is read', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'xlsx-formula-'));
    const file = campaignWithLedger(dir, 'f.xlsx');
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.constantFrom(4, 8, 12), fc.boolean(), async (n, column, saved) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('台账');
      ws.addRow(HEADER);
      const rows = Array.from({ length: 5 }, (_, i) => GOOD_ROW(`(${i + 1})`));
      const value = rows[n - 1][column];
      (rows[n - 1] as ExcelJS.CellValue[])[column] = saved ? { formula: `"${value}"`, result: value } : { formula: `"${value}"` };
      rows.forEach((r) => ws.addRow(r));
      await wb.xlsx.writeFile(path.join(dir, 'f.xlsx'));
      if (saved) {
        expect((await loadCampaign(file)).items).toHaveLength(5);
      } else {
        const letter = String.fromCharCode(65 + column);
        expect(await refusal(loadCampaign(file))).toBe(`f.xlsx row ${n + 1}, column ${HEADER[column]} (${letter}): a formula with no saved result: open the ledger in Excel or WPS and save it, or paste the values`);
      }
    }), { numRuns: 20 });
  });

  test('huge cells are refused by size, and the refusal quotes only their start', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'huge-'));
    const file = campaignWithLedger(dir, 'huge.csv');
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 5000, max: 400000 }), async (column, size) => {
      const row = GOOD_ROW('(1)');
      row[column] = '问'.repeat(size);
      fs.writeFileSync(path.join(dir, 'huge.csv'), csv([HEADER, row]));
      const said = await refusal(loadCampaign(file));
      expect(said).toMatch(new RegExp(`^huge\\.csv row 2, column ${HEADER[column]} \\([A-N]\\): `));
      expect(said.length).toBeLessThan(600);
    }), { numRuns: 20 });
  });

  test('text that Excel would run as a formula is written to CSV with an apostrophe and read back as written', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'formula-text-'));
    const risky = ['=HYPERLINK("http://x","y")', '+1+1', '-2', '@SUM(A1)', '\t=1'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...risky), fc.string({ maxLength: 20 }), async (start, rest) => {
      const cols = HEADER.map((h, i) => ({ header: h, width: 10, value: (r: string[]) => r[i] }));
      const row = GOOD_ROW('(1)');
      row[4] = `${start}${rest}`;
      const bytes = tableCsv(cols, [row]);
      expect(bytes.toString('utf8')).toContain(`'${start.replace(/"/g, '""')}`);
      fs.writeFileSync(path.join(dir, 'f.csv'), bytes);
      const ledger = await readLedger(path.join(dir, 'f.csv'));
      expect(ledger.rows[0].item.problem).toBe(row[4].trim()); // cells are trimmed
    }), { numRuns: 20 });
  });

  test('duplicate ids, however written, are refused naming every row; distinct ids are not', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dup-'));
    const file = campaignWithLedger(dir, 'dup.csv');
    const spelling = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom('(n)', '（n）', 'n', ' (n) ', '（ n ）'));
    await fc.assert(fc.asyncProperty(fc.array(spelling, { minLength: 2, maxLength: 7 }), async (ids) => {
      fs.writeFileSync(path.join(dir, 'dup.csv'), csv([HEADER, ...ids.map(([n, form]) => GOOD_ROW(form.replace('n', String(n))))]));
      const numbers = ids.map(([n]) => n);
      const repeated = [...new Set(numbers.filter((n, i) => numbers.indexOf(n) !== i))];
      if (!repeated.length) {
        expect((await loadCampaign(file)).items).toHaveLength(ids.length);
        return;
      }
      const lines = (await refusal(loadCampaign(file))).split('\n');
      expect(lines).toHaveLength(repeated.length);
      for (const n of repeated) {
        const rows = numbers.flatMap((m, i) => (m === n ? [i + 2] : []));
        const line = lines.find((l) => l.startsWith(`dup.csv row ${rows[0]}, column 序号 (A): duplicate id`));
        expect(line).toBeDefined();
        for (const r of rows) expect(line).toMatch(new RegExp(`\\b${r}\\b`));
      }
    }), { numRuns: 100 });
  });
});
