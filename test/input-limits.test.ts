/**
 * Input files, payloads and exports against what an attacker (or an accident) hands rectify
 * (issue 17): spreadsheet bombs and ledgers too long, oversized and over-nested campaign files,
 * `itemsFrom` pointing out of the campaign's folder, control and bidi characters in payloads and
 * campaign texts, and CSV exports read back by a strict reader (Python's csv module).
 *
 * The file checks run `rectify validate` as a process (under a 512 MB heap where memory is the
 * point) or the domain functions, with no server; the exports and the terminal output share one
 * dev server and worker.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import YAML from 'yaml';
import { connectClient } from '../config/connection';
import { CampaignError, loadCampaign, validateCampaign } from '../domain/campaign';
import { LIMITS } from '../domain/limits';
import { payloadProblems } from '../domain/payloads';
import { displaySafe, unsafeCharacter, withoutUnsafe } from '../domain/text';
import { startCampaign } from '../runtime/start-campaign';
import { tableCsv } from '../documents/table';
import { eventually, rectify, tempDir, useDevServerAndWorker } from './support/cli';

const ROOT = path.join(__dirname, '..');
const SEED = path.join(ROOT, 'examples', 'seed-campaign.yaml');
const SMALL = path.join(ROOT, 'examples', 'small-campaign.yaml');
const LEDGER_CAMPAIGN = path.join(ROOT, 'test', 'fixtures', 'ledgers', 'campaign-csv.yaml');
const MB = 1024 * 1024;
/** A process that must not need more memory than this to refuse a file. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=512', RECTIFY_LANG: 'en' };

let tmp: string;
beforeAll(() => {
  tmp = tempDir('input-limits');
});

/** The campaign of campaign-csv.yaml with its items from `ledger`, in `dir`. */
function campaignWithLedger(dir: string, ledger: string, name = 'campaign.yaml'): string {
  const text = readFileSync(LEDGER_CAMPAIGN, 'utf8').replace(/^itemsFrom: .*$/m, `itemsFrom: ${ledger}`);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// ── A zip written by hand, so that a test can make it lie ────────────────────
interface ZipPart {
  name: string;
  /** The deflated bytes, their CRC and the real unpacked size. */
  deflated: Buffer;
  crc: number;
  size: number;
  /** What the zip's headers claim the unpacked size is (default: the real one). */
  declared?: number;
}

/** Deflate `count` repetitions of `unit` between `head` and `tail`, streaming (the whole is never in memory). */
async function deflatedPart(name: string, head: string, unit: string | ((n: number) => string), count: number, tail: string): Promise<ZipPart> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  const feed = async (b: Buffer): Promise<void> => {
    crc = zlib.crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await once(deflate, 'drain');
  };
  await feed(Buffer.from(head));
  if (typeof unit === 'string') {
    const chunkUnits = Math.max(1, Math.floor(MB / unit.length));
    const chunk = Buffer.from(unit.repeat(chunkUnits));
    for (let left = count; left > 0; left -= chunkUnits) await feed(left >= chunkUnits ? chunk : Buffer.from(unit.repeat(left)));
  } else {
    for (let n = 1; n <= count; n += 1000) await feed(Buffer.from(Array.from({ length: Math.min(1000, count - n + 1) }, (_, i) => unit(n + i)).join('')));
  }
  await feed(Buffer.from(tail));
  deflate.end();
  await ended;
  return { name, deflated: Buffer.concat(out), crc, size };
}

const smallPart = (name: string, text: string): ZipPart => {
  const b = Buffer.from(text);
  return { name, deflated: zlib.deflateRawSync(b), crc: zlib.crc32(b), size: b.length };
};

function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const size = p.declared ?? p.size;
    // The fields a local header and a central directory entry share, from `at` on: version needed, flags,
    // method (deflate), time, date, CRC, sizes, name length.
    const shared = (buf: Buffer, at: number): Buffer => {
      buf.writeUInt16LE(20, at);
      buf.writeUInt16LE(8, at + 4);
      buf.writeUInt32LE(p.crc >>> 0, at + 10);
      buf.writeUInt32LE(p.deflated.length, at + 14);
      buf.writeUInt32LE(size, at + 18);
      buf.writeUInt16LE(name.length, at + 22);
      return buf;
    };
    const local = shared(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    locals.push(local, name, p.deflated);
    const central = shared(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** An .xlsx whose first sheet is `sheet`: the parts a reader needs to find it. */
function workbookWith(sheet: ZipPart): Buffer {
  return zipOf([
    smallPart('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    smallPart('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    smallPart('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    smallPart('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    sheet,
  ]);
}

/** Python's csv module in strict mode: the records, or the error it raised. */
const pythonCsv = (file: string): string[][] => JSON.parse(execFileSync('python3', ['-c', [
  'import csv, json, sys',
  "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:",
  '    print(json.dumps(list(csv.reader(f, strict=True))))',
].join('\n'), file], { encoding: 'utf8' })) as string[][];

const ROW = '<row><c t="inlineStr"><is><t>(1)</t></is></c><c t="inlineStr"><is><t>整改</t></is></c></row>';

describe('spreadsheets are checked before they are unpacked', () => {
  /** A sheet of 400 MB of rows, deflated to about 1 MB: made once, streaming, for the bomb and the liar. */
  let bombSheet: ZipPart | undefined;
  const bomb = async (): Promise<ZipPart> => (bombSheet ??= await deflatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, ROW, Math.ceil(400 * MB / ROW.length), SHEET_TAIL));

  test('a zip-bomb xlsx (a 400 MB sheet deflated to about 1 MB) is refused by its zip directory: exit 2 under a 512 MB heap', async () => {
    const dir = path.join(tmp, 'bomb');
    mkdirSync(dir);
    const sheet = await bomb();
    expect(sheet.size).toBeGreaterThan(400 * MB);
    writeFileSync(path.join(dir, 'bomb.xlsx'), workbookWith(sheet));
    expect(readFileSync(path.join(dir, 'bomb.xlsx')).length).toBeLessThan(2 * MB);
    const r = await rectify(['validate', campaignWithLedger(dir, 'bomb.xlsx')], SMALL_HEAP, 60000);
    expect({ code: r.code, killed: !!r.killed }).toEqual({ code: 2, killed: false });
    expect(r.stderr).toBe(`rectify: bomb.xlsx: its part xl/worksheets/sheet1.xml unpacks to ${Math.round(sheet.size / MB)} MB: at most ${LIMITS.xlsxEntryBytes / MB} MB a part (a zip bomb?)\n`);
  }, 90000);

  test('a sheet whose zip directory lies about its size is stopped once it unpacks past what it declared', async () => {
    const dir = path.join(tmp, 'liar');
    mkdirSync(dir);
    // The same 400 MB, declared as 1 MB (fewer rows than the row cap): within every limit of the directory.
    writeFileSync(path.join(dir, 'liar.xlsx'), workbookWith({ ...(await bomb()), declared: MB }));
    const r = await rectify(['validate', campaignWithLedger(dir, 'liar.xlsx')], SMALL_HEAP, 60000);
    expect({ code: r.code, killed: !!r.killed }).toEqual({ code: 2, killed: false });
    expect(r.stderr).toMatch(/^rectify: liar\.xlsx: its part xl\/worksheets\/sheet1\.xml unpacks to more than its zip directory says \(too many bytes in the stream\. expected 1048576\. got at least \d+\): a zip bomb\?\n$/);
  }, 90000);

  test('a part that expands absurdly (20 MB of whitespace in 20 KB) is refused before it is unpacked', async () => {
    const dir = path.join(tmp, 'ratio');
    mkdirSync(dir);
    const sheet = await deflatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, ' '.repeat(1024), 20 * 1024, SHEET_TAIL);
    writeFileSync(path.join(dir, 'ratio.xlsx'), workbookWith(sheet));
    const r = await rectify(['validate', campaignWithLedger(dir, 'ratio.xlsx')], SMALL_HEAP, 60000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^rectify: ratio\\.xlsx: its part xl/worksheets/sheet1\\.xml expands \\d+ times: at most ${LIMITS.xlsxRatio} times \\(a zip bomb\\?\\)\\n$`));
  }, 60000);

  test('a sheet of more rows than a campaign may have items is read only up to the cap, and refused', async () => {
    const dir = path.join(tmp, 'rows');
    mkdirSync(dir);
    const numbered = (n: number) => `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>(${n})</t></is></c><c r="B${n}" t="inlineStr"><is><t>整改${n % 97}</t></is></c></row>`;
    const sheet = await deflatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, numbered, LIMITS.campaignItems + 5000, SHEET_TAIL);
    writeFileSync(path.join(dir, 'rows.xlsx'), workbookWith(sheet));
    const r = await rectify(['validate', campaignWithLedger(dir, 'rows.xlsx')], SMALL_HEAP, 60000);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rectify: rows.xlsx: more than ${LIMITS.campaignItems} items: a campaign has at most ${LIMITS.campaignItems} (split the ledger into several campaigns)\n`);
  }, 60000);
});

describe('caps on campaign files and ledgers', () => {
  const HEADER = '序号,问题类别,反馈问题,整改措施,整改类型,责任领导,牵头单位,联络员,整改时限';
  const row = (n: number) => `(${n}),(一)示例,问题,措施,立行立改,王副主任,综合部,孙丽,2023-08-31`;

  test('a CSV ledger of more items than a campaign may have is refused naming the file and the limit; one of exactly that many is read', async () => {
    const dir = path.join(tmp, 'csv-cap');
    mkdirSync(dir);
    const n = LIMITS.campaignItems;
    writeFileSync(path.join(dir, 'over.csv'), [HEADER, ...Array.from({ length: n + 1 }, (_, i) => row(i + 1))].join('\r\n'));
    const r = await rectify(['validate', campaignWithLedger(dir, 'over.csv')], SMALL_HEAP);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rectify: over.csv: more than ${n} items: a campaign has at most ${n} (split the ledger into several campaigns)\n`);
    writeFileSync(path.join(dir, 'full.csv'), [HEADER, ...Array.from({ length: n }, (_, i) => row(i + 1))].join('\r\n'));
    expect((await loadCampaign(campaignWithLedger(dir, 'full.csv', 'full.yaml'))).items).toHaveLength(n);
  }, 180000);

  test('a CSV line of a million commas is refused naming its row, before the parser builds it', async () => {
    const dir = path.join(tmp, 'csv-wide');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'wide.csv'), `${HEADER}\r\n${row(1)}\r\n(2)${','.repeat(1_000_000)}\r\n`);
    const r = await rectify(['validate', campaignWithLedger(dir, 'wide.csv')], SMALL_HEAP);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rectify: wide.csv row 3: more than ${LIMITS.ledgerColumns} columns: a ledger has 14 (at most ${LIMITS.ledgerColumns} are read)\n`);
  }, 60000);

  test('a YAML or JSON campaign file over the cap is refused before it is parsed; so is one nested a million deep', async () => {
    const dir = path.join(tmp, 'big-yaml');
    mkdirSync(dir);
    const seed = readFileSync(SEED, 'utf8');
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, `${seed}\n${'# padding\n'.repeat(Math.ceil(LIMITS.campaignFileBytes / 10))}`);
    const size = readFileSync(big).length;
    const r = await rectify(['validate', big], SMALL_HEAP);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rectify: big.yaml: too big: ${(size / MB).toFixed(1)} MB, at most ${LIMITS.campaignFileBytes / MB} MB for a campaign file (list the items of a bigger campaign in a ledger: itemsFrom)\n`);
    for (const f of ['deep.yaml', 'deep.json']) {
      writeFileSync(path.join(dir, f), '['.repeat(MB));
      const d = await rectify(['validate', path.join(dir, f)], SMALL_HEAP, 30000);
      expect([f, d.code, d.stderr]).toEqual([f, 2, `rectify: ${f}: lists or mappings nested more than 100 deep ([ and { brackets): not a campaign, holiday, close-out or reports file\n`]);
    }
  }, 60000);

  test('inline items beyond the cap are refused', async () => {
    const raw = YAML.parse(readFileSync(SMALL, 'utf8')) as { items: unknown[] };
    raw.items = Array.from({ length: LIMITS.campaignItems + 1 }, () => raw.items[0]);
    await expect(validateCampaign(raw, { label: 'c.yaml' })).rejects.toThrow(
      new CampaignError([{ where: 'c.yaml: items', what: `${LIMITS.campaignItems + 1} items: a campaign has at most ${LIMITS.campaignItems} (split it into several campaigns)` }]),
    );
  });
});

describe('itemsFrom stays in the campaign file\'s folder', () => {
  test('a ledger outside it, or reached by a symbolic link out of it, is refused naming the file, the field and the resolved path; RECTIFY_LEDGER_DIRS allows a folder', async () => {
    const base = path.join(tmp, 'confined');
    const campaigns = path.join(base, 'campaigns');
    const elsewhere = path.join(base, 'elsewhere');
    mkdirSync(path.join(campaigns, 'ledgers'), { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    const ledger = readFileSync(path.join(ROOT, 'test', 'fixtures', 'ledgers', 'items.csv'));
    writeFileSync(path.join(elsewhere, 'items.csv'), ledger);
    writeFileSync(path.join(campaigns, 'ledgers', 'items.csv'), ledger);
    symlinkSync(path.join(elsewhere, 'items.csv'), path.join(campaigns, 'link.csv'));
    const refusal = (file: string, real: string) =>
      `${file}: itemsFrom: the ledger ${real} is outside the campaign file's folder ${campaigns}: a ledger must be in that folder or below it, or in a folder named in RECTIFY_LEDGER_DIRS`;
    const said = (p: Promise<unknown>) => p.then(() => 'loaded', (e: unknown) => (e as Error).message);

    const up = campaignWithLedger(campaigns, '../elsewhere/items.csv', 'up.yaml');
    const absolute = campaignWithLedger(campaigns, path.join(elsewhere, 'items.csv'), 'absolute.yaml');
    const linked = campaignWithLedger(campaigns, 'link.csv', 'linked.yaml');
    const system = campaignWithLedger(campaigns, '/etc/passwd', 'system.yaml');
    for (const [file, real] of [[up, path.join(elsewhere, 'items.csv')], [absolute, path.join(elsewhere, 'items.csv')], [linked, path.join(elsewhere, 'items.csv')], [system, '/etc/passwd']]) {
      expect(await said(loadCampaign(file))).toBe(refusal(path.basename(file), real));
    }
    // Below the folder is fine; a folder named in the options (RECTIFY_LEDGER_DIRS in the CLI) too.
    expect((await loadCampaign(campaignWithLedger(campaigns, 'ledgers/items.csv', 'below.yaml'))).items).toHaveLength(3);
    expect((await loadCampaign(linked, { ledgerDirs: [elsewhere] })).items).toHaveLength(3);
    // The CLI: exit 2 with the refusal; RECTIFY_LEDGER_DIRS (":"-separated) allows a folder.
    const r = await rectify(['validate', up], { RECTIFY_LANG: 'en' });
    expect([r.code, r.stderr]).toEqual([2, `rectify: ${refusal('up.yaml', path.join(elsewhere, 'items.csv'))}\n`]);
    const allowed = await rectify(['validate', up], { RECTIFY_LANG: 'en', RECTIFY_LEDGER_DIRS: `/nonexistent${path.delimiter}${elsewhere}` });
    expect(allowed.stdout).toBe(`${up}: valid. Campaign gxq-2023, 3 items, 2 lead units.\n`);
  }, 60000);
});

describe('control and bidi characters', () => {
  test('update payloads refuse them in every text field, naming the field, in Chinese and English; line breaks only where a text has lines', () => {
    const report = (over: Record<string, unknown>) => ({ progress: '本周完成自查', by: '孙丽', ...over });
    expect(payloadProblems('report', report({ progress: '完成\x1b[2J\x1b[H全部整改' }), 'en')).toEqual([
      'progress: contains the character U+001B, which is not allowed (a control or bidirectional-text character)',
    ]);
    expect(payloadProblems('report', report({ evidence: ['\u202egnp.exe.pdf'] }), 'zh')).toEqual(['evidence.0: 含有不允许的字符 U+202E（控制字符或双向文本控制符）']);
    expect(payloadProblems('report', report({ by: '孙丽\n#9 专班' }), 'en')).toEqual(['by: must be one line: no line break or tab (U+000A)']);
    expect(payloadProblems('report', report({ by: '孙丽\n#9 专班' }), 'zh')).toEqual(['by: 只能写一行：不能含换行符或制表符（U+000A）']);
    for (const ch of ['\u0000', '\u0007', '\u007f', '\u0085', '\u009b', '\u061c', '\u200e', '\u200f', '\u202a', '\u202d', '\u2066', '\u2069', '\u2028', '\r']) {
      expect([ch.codePointAt(0), payloadProblems('report', report({ progress: `a${ch}b` })).length]).toEqual([ch.codePointAt(0), 1]);
    }
    // A progress report of several lines, as a browser sends a textarea (CRLF) or a terminal (LF), with a tab.
    expect(payloadProblems('report', report({ progress: '第一项\r\n第二项\n\t第三项' }))).toEqual([]);
    expect(payloadProblems('dispatch', { instruction: '加快\u202e进度', by: '专班' }, 'en')).toEqual([expect.stringMatching(/^instruction: contains the character U\+202E/)]);
    expect(payloadProblems('closeout', {
      closeout: { solved: { statement: '已解决', evidence: ['a\tb.pdf'] }, accountability: { statement: '无', noneNeeded: true }, similarCases: { statement: '已排查' }, mechanism: { statement: '已建\u2066制度' }, by: '孙丽' },
    }, 'en')).toEqual([
      'closeout.solved.evidence.0: must be one line: no line break or tab (U+0009)',
      expect.stringMatching(/^closeout\.mechanism\.statement: contains the character U\+2066/),
    ]);
  });

  test('campaign files and ledgers refuse them in ids, names, titles, units and addresses, naming file, item or row, and field', async () => {
    const raw = YAML.parse(readFileSync(SMALL, 'utf8')) as Record<string, any>;
    raw.items[0].id = '(1)\r\n(2)';
    raw.items[1].title = 'Minutes\u202egnp.exe';
    raw.items[2].leadUnit = 'Records\x1b]0;pwned\x07';
    raw.people[0].name = 'Isla\nReid';
    raw.campaign.name = 'Harbor\u2028audit';
    const said = await validateCampaign(raw, { label: 'c.yaml' }).then(() => 'loaded', (e: unknown) => (e as Error).message);
    // A refusal shows the bad text neutralised too (the item's id is how it is named).
    for (const where of ['c.yaml: campaign.name: contains the character U+2028', 'c.yaml: people[1].name: must be one line', 'c.yaml: item (1) ⏎ (2), id: must be one line',
      'c.yaml: item (2), title: contains the character U+202E', 'c.yaml: item (3), leadUnit: contains the character U+001B']) {
      expect(said).toContain(where);
    }
    const dir = path.join(tmp, 'ledger-controls');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'ctl.csv'), '序号,问题类别,反馈问题,整改措施,整改类型,责任领导,牵头单位,联络员,整改时限\r\n'
      + '(1),(一)示例,"问题第一行\n第二行",措施,立行立改,王副主任,"综合部\n(9) 假单位",孙丽,2023-08-31\r\n');
    const r = await rectify(['validate', campaignWithLedger(dir, 'ctl.csv')], { RECTIFY_LANG: 'en' });
    expect(r.code).toBe(2);
    // The problem (a text of lines) may hold a line break; the unit may not.
    expect(r.stderr).toBe('rectify: ctl.csv row 2, column 牵头单位 (G): must be one line: no line break or tab (U+000A)\n');
  });

  test('output shows such characters already on record as visible escapes, in one line', () => {
    expect(displaySafe('完成\x1b[2J\x1b[H \u202egnp.exe.pdf\r\n#9 专班')).toBe('完成\\u001B[2J\\u001B[H \\u202Egnp.exe.pdf ⏎ #9 专班');
    expect(displaySafe('第一行\n第二行', false)).toBe('第一行\n第二行');
    expect(unsafeCharacter(displaySafe('\x1b\u202e\u0085\x7f\n'), false)).toBeUndefined();
    // For names cleaned rather than refused (an uploaded file's name).
    expect(withoutUnsafe('\u202egnp.exe.pdf')).toBe('gnp.exe.pdf');
    expect(withoutUnsafe('a\r\nb\x1b[2J')).toBe('a b[2J');
    expect(unsafeCharacter(withoutUnsafe('x\u2066\u0000\ty'), false)).toBeUndefined();
  });
});

describe('CSV exports read by a strict reader', () => {
  test('every cell with a line break, a quote, a comma or a space at either end is quoted; formulas still guarded', () => {
    const cols = ['a', 'b', 'c'].map((h, i) => ({ header: h, width: 10, value: (r: string[]) => r[i] }));
    const rows = [['两行\n第二行', ' 前后空格 ', '=cmd|\' /C calc\'!A0'], ['引号"', '逗号,', '本周完成自查\n=cmd|\' /C calc\'!A0']];
    const file = path.join(tmp, 'cells.csv');
    writeFileSync(file, tableCsv(cols, rows));
    expect(pythonCsv(file)).toEqual([['a', 'b', 'c'], ['两行\n第二行', ' 前后空格 ', '\'=cmd|\' /C calc\'!A0'], ['引号"', '逗号,', '本周完成自查\n=cmd|\' /C calc\'!A0']]);
  });
});

describe('with a dev server and a worker', () => {
  const live = useDevServerAndWorker('input-limits');
  const EVIL = '本周完成自查\n=cmd|\' /C calc\'!A0';

  test('the seed campaign\'s ledger and history CSVs parse in Python\'s csv module as one record per item and per entry', async () => {
    const env = live.env;
    const started = await rectify(['start', SEED, '--rebase', 'today'], env);
    expect(started.code).toBe(0);
    const campaign = ['--campaign', 'wuhu-hitech-2023'];
    expect((await rectify(['report', '(1)', '--progress', EVIL, '--percent', '20', '--by', '周婷', ...campaign], env)).stderr).toBe('');
    expect((await rectify(['report', '(2)', '--progress', '=HYPERLINK("http://x","y")\n第二行', '--by', '冯雪', ...campaign], env)).stderr).toBe('');

    const ledgerFile = path.join(tmp, 'seed-ledger.csv');
    // Chinese headers (the campaign's language; the servers' shell says --lang en).
    expect((await rectify(['--lang', 'zh', 'export', 'ledger', '--out', ledgerFile, ...campaign], env)).code).toBe(0);
    const ledger = pythonCsv(ledgerFile);
    expect(ledger).toHaveLength(41);
    expect(new Set(ledger.map((r) => r.length))).toEqual(new Set([ledger[0].length]));
    expect(ledger.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 40 }, (_, i) => `(${i + 1})`));
    expect(ledger[1][ledger[0].indexOf('整改措施')].split('\n')).toHaveLength(2); // the measures, one per line, in one cell
    // And it reads back as the same items.
    const back = path.join(tmp, 'seed-back.yaml');
    const raw = YAML.parse(readFileSync(SEED, 'utf8')) as Record<string, unknown>;
    delete raw.items;
    writeFileSync(back, YAML.stringify({ ...raw, itemsFrom: path.basename(ledgerFile) }));
    expect((await loadCampaign(back)).items).toHaveLength(40);

    const historyFile = path.join(tmp, 'seed-history.csv');
    const jsonlFile = path.join(tmp, 'seed-history.jsonl');
    expect((await rectify(['--lang', 'zh', 'export', 'history', '--out', historyFile, ...campaign], env)).code).toBe(0);
    expect((await rectify(['export', 'history', '--out', jsonlFile, ...campaign], env)).code).toBe(0);
    const history = pythonCsv(historyFile);
    const entries = readFileSync(jsonlFile, 'utf8').trim().split('\n');
    expect(history).toHaveLength(entries.length + 1);
    expect(new Set(history.map((r) => r.length))).toEqual(new Set([7]));
    const detail = history[0].indexOf('内容');
    expect(history.filter((r) => r[detail] === `20% ${EVIL}`)).toHaveLength(1);
    // A cell starting like a formula keeps its guard; a line inside a quoted cell is the cell's, never a line start.
    expect(history.filter((r) => r[detail] === '\'=HYPERLINK("http://x","y")\n第二行')).toHaveLength(1);
    expect(history.every((r) => r.every((cell) => !/^[=+\-@]/.test(cell)))).toBe(true);
  }, 300000);

  test('history, status and events show control and bidi characters recorded before they were refused as escapes', async () => {
    const env = live.env;
    // A campaign as one loaded before the check: its texts go straight to the engine.
    const plan = await loadCampaign(SMALL, { rebaseTo: 'today' });
    plan.id = 'legacy-display';
    plan.items[0].title = 'Minutes\x1b[2J\x1b[H\u202egnp.exe.pdf';
    plan.items[0].leadUnit = 'Records Office\r\n(9)  Fake Unit  closed';
    const client = await connectClient({ address: env.TEMPORAL_ADDRESS!, namespace: 'default', options: { address: env.TEMPORAL_ADDRESS! } });
    try {
      await startCampaign(client, plan);
    } finally {
      await client.connection.close();
    }
    const campaign = ['--campaign', 'legacy-display'];
    const history = await eventually('the item\'s record', async () => {
      const r = await rectify(['history', '1', ...campaign], env);
      return r.code === 0 && r;
    });
    expect(history.stdout.split('\n')[0]).toBe('(1) Minutes\\u001B[2J\\u001B[H\\u202Egnp.exe.pdf  Records Office ⏎ (9)  Fake Unit  closed  deadline ' + plan.items[0].deadline);
    const status = await eventually('the status rows', async () => {
      const r = await rectify(['status', ...campaign], env);
      return r.code === 0 && r.stdout.includes('Records Office') && r;
    });
    expect(status.stdout).toContain('Records Office ⏎ (9)  Fake Unit  closed');
    expect([...status.stdout].filter((ch) => unsafeCharacter(ch, true) !== undefined || ch === '\r')).toEqual([]);
    appendFileSync(path.join(env.RECTIFY_DATA!, 'events.jsonl'), `${JSON.stringify({
      at: '2026-03-06T10:00:00+08:00', kind: 'chase', item: '(1)', level: 'chase', notice: '催办\x1b[2J\u202e', to: ['a@example.org'],
    })}\n`);
    const events = await rectify(['events', '--item', '(1)', '--kind', 'chase'], env);
    expect(events.stdout).toContain('催办\\u001B[2J\\u202E');
    expect([...events.stdout].filter((ch) => unsafeCharacter(ch, true) !== undefined)).toEqual([]);
  }, 180000);
});
