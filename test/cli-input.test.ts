/**
 * Bad input at the command line, with the real `rectify` binary against a real
 * dev server, worker and SMTP listener: generated arguments for every command
 * (fast-check), campaign files that fail to load, and the audit record —
 * numbered history, corrections (更正) and `export history` — as a coordinator
 * uses them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import YAML from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import { connectClient } from '../config/connection';
import { program } from '../client/cli';
import { CampaignError, loadCampaignText } from '../domain/campaign';
import { rectify, tempDir, useDevServerAndWorker, type CliResult } from './support/cli';

const EXAMPLES = path.join(__dirname, '..', 'examples');
const SMALL = path.join(EXAMPLES, 'small-campaign.yaml');
const BAD = path.join(__dirname, 'fixtures', 'bad');
const live = useDevServerAndWorker('cli-input');
let env: NodeJS.ProcessEnv;
let tmp: string;
beforeAll(() => {
  env = live.env;
  tmp = tempDir('cli-input');
});

/** Fuzz cases (the closing note counts them). */
const RUNS = { argv: 80, campaignFiles: 12 };

/** Every campaign or item workflow visibility lists, by id. */
async function workflowIds(): Promise<string[]> {
  const client = await connectClient({ address: env.TEMPORAL_ADDRESS!, namespace: 'default', options: { address: env.TEMPORAL_ADDRESS! } });
  try {
    const ids: string[] = [];
    for await (const wf of client.workflow.list()) ids.push(wf.workflowId);
    return ids.sort();
  } finally {
    await client.connection.close();
  }
}

/** What every refusal must look like: a known exit code, our message first, no stack trace, no raw JS error. */
function expectClean(argv: string[], r: CliResult & { killed?: boolean }): void {
  const where = `rectify ${argv.map((a) => JSON.stringify(a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(' ')}\n${r.stderr.slice(0, 800)}`;
  expect({ where, killed: !!r.killed }).toEqual({ where, killed: false });
  expect({ where, code: [0, 1, 2].includes(r.code) }).toEqual({ where, code: true });
  const out = r.stderr + r.stdout;
  expect({ where, stack: /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m.test(out) }).toEqual({ where, stack: false });
  expect({ where, jsError: /\b(TypeError|ReferenceError|RangeError|SyntaxError|AssertionError|Error): /.test(out) }).toEqual({ where, jsError: false });
  if (r.code !== 0) {
    // Ours (`rectify: …`), or commander's usage error (`error: …`, then the help).
    expect({ where, first: /^(rectify|error): \S|^错误：\S/.test(r.stderr) }).toEqual({ where, first: true });
  }
}

describe('the audit record: numbered, corrected by new entries, exported', () => {
  test('start, report, correct the report, history shows both, export for one item and the campaign', async () => {
    const started = await rectify(['start', SMALL, '--rebase', 'today'], env);
    expect(started.code).toBe(0);
    const rep = await rectify(['report', '1', '--progress', 'Backlog of minutes published', '--percent', '60', '--by', 'Farid Khan'], env);
    expect(rep.stderr).toBe('');
    // #1 started, #2 report, #3 state
    const before = await rectify(['history', '1'], env);
    expect(before.stdout.split('\n').slice(1, 4).map((l) => l.replace(/\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+/, ' '))).toEqual([
      expect.stringMatching(/^#1 +started +rectify +deadline /),
      '#2 report      Farid Khan  60% Backlog of minutes published',
      '#3 state       Farid Khan  not started → in progress',
    ]);

    const notReport = await rectify(['report', '1', '--corrects', '3', '--progress', 'x'], env);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toBe('rectify: refused: (1): corrects: entry #3 is a state, not a report: only reports can be corrected\n');
    const fixed = await rectify(['report', '1', '--corrects', '2', '--progress', 'Backlog of 2025 minutes published (six of eight)', '--percent', '45',
      '--reason', 'two sets of minutes are still missing', '--by', 'Isla Reid'], env);
    expect(fixed.stderr).toBe('');
    expect(fixed.stdout).toContain('correction recorded (corrects entry #2; the original stays on record)');
    const after = await rectify(['history', '1'], env);
    const lines = after.stdout.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual(before.stdout.trim().split('\n'));
    expect(lines[4]).toMatch(/^#4 +\S+ \S+ +correction +Isla Reid +corrects #2: 45% Backlog of 2025 minutes published \(six of eight\) \(two sets of minutes are still missing\)$/);
    const status = JSON.parse((await rectify(['history', '1', '--json'], env)).stdout) as { status: { percent: number }; reports: { progress: string }[] };
    expect(status.status.percent).toBe(45);
    expect(status.reports.map((r) => r.progress)).toEqual(['Backlog of minutes published']);

    // One item, Chinese headers (by default the campaign's language, English here; --lang zh asks for Chinese).
    const csvFile = path.join(tmp, 'history-1.csv');
    expect((await rectify(['--lang', 'zh', 'export', 'history', '1', '--out', csvFile], env)).code).toBe(0);
    const bytes = readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8')) as string[][];
    expect(rows[0]).toEqual(['事项', '条目', '时间', '类别', '操作人', '内容', '更正条目']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[6]])).toEqual([
      ['(1)', '1', '启动', 'rectify', ''], ['(1)', '2', '进展报送', 'Farid Khan', ''], ['(1)', '3', '状态变更', 'Farid Khan', ''],
      ['(1)', '4', '更正', 'Isla Reid', '2'],
    ]);
    expect(rows[2][5]).toBe('60% Backlog of minutes published'); // the original stays
    expect(rows[1][2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/);

    // The whole campaign: xlsx in English, jsonl.
    const xlsxFile = path.join(tmp, 'history.xlsx');
    expect((await rectify(['--lang', 'en', 'export', 'history', '--out', xlsxFile], env)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('record');
    expect(ws.getRow(1).values).toEqual([undefined, 'item', 'entry', 'time', 'what', 'by', 'detail', 'corrects entry']);
    const items = new Set<string>();
    ws.eachRow((row, n) => { if (n > 1) items.add(String(row.getCell(1).value)); });
    expect([...items]).toEqual(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']);
    const jsonl = path.join(tmp, 'history.jsonl');
    expect((await rectify(['export', 'history', '--out', jsonl], env)).code).toBe(0);
    const entries = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.filter((e) => e.item === '(1)')).toEqual([
      expect.objectContaining({ entry: 1, what: 'started', by: 'rectify' }),
      expect.objectContaining({ entry: 2, what: 'report', by: 'Farid Khan', detail: '60% Backlog of minutes published' }),
      expect.objectContaining({ entry: 3, what: 'state' }),
      expect.objectContaining({ entry: 4, what: 'correction', by: 'Isla Reid', corrects: 2 }),
    ]);
    expect(entries.length).toBe(ws.rowCount - 1);
    expect(String(entries[0].at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);

    // 考核 so far, per lead unit (the campaign's language: English): units with fewer than 3 items are listed apart.
    const assessment = path.join(tmp, 'assessment.csv');
    expect((await rectify(['export', 'assessment', '--from', '2020-01-01', '--to', '2099-12-31', '--out', assessment], env)).code).toBe(0);
    const ranking = parseCsv(readFileSync(assessment).subarray(3).toString('utf8')) as string[][];
    expect(ranking[0]).toEqual(['rank', 'lead unit', 'items', 'reports due', 'on time', 'on-time rate (%)', 'closed', 'completion rate (%)',
      'behind plan', 'overdue', 'notices', 'score']);
    expect(ranking.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['1', 'Corporate Services', '3'], ['not ranked', 'Finance', '2'], ['not ranked', 'Port Operations', '1'],
    ]);

    // The packet reads the corrected report, and says so.
    const packet = path.join(tmp, 'p1.html');
    expect((await rectify(['packet', '1', '--out', packet], env)).code).toBe(0);
    expect(readFileSync(packet, 'utf8')).toMatch(/Backlog of 2025 minutes published \(six of eight\) \(corrected [^)]+ by Isla Reid\)/);

    const badExt = await rectify(['export', 'history', '--out', path.join(tmp, 'h.pdf')], env);
    expect(badExt.code).toBe(2);
    expect(badExt.stderr).toBe(`rectify: --out ${path.join(tmp, 'h.pdf')}: the format must be .xlsx, .csv, .jsonl\n`);
    const badPath = await rectify(['export', 'history', '--out', path.join(csvFile, 'x.csv')], env);
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toBe(`rectify: --out ${path.join(csvFile, 'x.csv')}: cannot write it (a part of the path is not a folder)\n`);
  });
});

describe('a campaign file that fails to load starts nothing', () => {
  test('each bad fixture, and generated broken campaigns: exit 2, where and what, no workflow in visibility', async () => {
    const before = await workflowIds();
    const bad = ['bad-date.yaml', 'duplicate-id.yaml', 'duplicate-ledger.yaml', 'gbk-ledger.yaml', 'impossible-date.yaml', 'many.yaml',
      'missing-header-ledger.yaml', 'no-email.yaml', 'syntax.yaml', 'unknown-kind.yaml', 'unknown-leader.yaml'];
    for (const f of bad) {
      const r = await rectify(['start', path.join(BAD, f)], env);
      expect([f, r.code]).toEqual([f, 2]);
      expect(r.stderr).toMatch(/^rectify: \S+\.(yaml|csv)( line \d+| row \d+)?[,:]/);
      expectClean(['start', f], r);
    }
    // The small campaign under new ids, broken in one place each (only files the loader refuses).
    const base = YAML.parse(readFileSync(SMALL, 'utf8')) as Record<string, any>;
    const breakers: ((c: Record<string, any>) => void)[] = [
      (c) => { c.items[1].id = c.items[0].id; },
      (c) => { c.items[2].deadline = '2026-02-30'; },
      (c) => { c.items[0].kind = '=1+1'; },
      (c) => { c.items[3].leader = 'Nobody'; },
      (c) => { c.items[4].problem = 'x'.repeat(300000); c.items[4].contacts = ['Unknown Person']; },
      (c) => { c.cadence.weeklyDue.weekday = 8; },
      (c) => { c.itemsFrom = 'ledger.csv'; }, // items and itemsFrom both
      (c) => { c.items[5].milestones = [{ date: '2027-01-01', deliverable: 'after the deadline' }]; },
      (c) => { c.campaign.timeZone = 'Mars/Olympus'; },
      (c) => { c.items[0].measures = { '=cmd|calc': 1 }; },
    ];
    let tried = 0;
    await fc.assert(fc.asyncProperty(fc.subarray(breakers, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1e6 }), async (breaks, n) => {
      const c = structuredClone(base);
      c.campaign.id = `fuzz-${n}`;
      for (const b of breaks) b(c);
      const text = YAML.stringify(c);
      const loaded = await loadCampaignText(text, { label: 'c.yaml' }).then(() => true, (e: unknown) => { if (e instanceof CampaignError) return false; throw e; });
      expect(loaded).toBe(false);
      const file = path.join(tmp, `fuzz-${n}.yaml`);
      writeFileSync(file, text);
      const r = await rectify(['start', file], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^rectify: fuzz-${n}\\.yaml: `));
      expect(r.stderr.length).toBeLessThan(5000); // a huge cell is named, not echoed
      expectClean(['start', file], r);
      tried += 1;
    }), { numRuns: RUNS.campaignFiles });
    expect(tried).toBe(RUNS.campaignFiles);
    // Not one workflow more: nothing was half-started.
    expect(await workflowIds()).toEqual(before);
  });
});

describe('generated command lines', () => {
  /** Every command of the CLI with its arguments and options, read from the program itself. */
  async function commands(): Promise<{ path: string[]; args: { name: string; required: boolean; variadic: boolean }[]; options: Option[] }[]> {
    const out: Awaited<ReturnType<typeof commands>> = [];
    const walk = (c: Command, p: string[]): void => {
      for (const sub of c.commands) {
        const here = [...p, sub.name()];
        if (sub.commands.length) walk(sub, here);
        else out.push({ path: here, args: sub.registeredArguments.map((a) => ({ name: a.name(), required: a.required, variadic: a.variadic })), options: sub.options as Option[] });
      }
    };
    walk(await program(), []);
    return out;
  }

  test('every command refuses junk with a clear message and a known exit code: no stack trace, no hang', async () => {
    // Long-running services are left out; everything else is fair game.
    const all = (await commands()).filter((c) => !['worker', 'up'].includes(c.path[0]));
    expect(all.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['report', 'export history', 'calendar update', 'simulate', 'packet']));
    const out = path.join(tmp, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'gbk.yaml'), Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x3a, 0x20, 0x31, 0x0a])); // 序号: 1 in GBK
    writeFileSync(path.join(out, 'list.yaml'), '- a\n- b\n');
    writeFileSync(path.join(out, 'empty.json'), '');
    const words = fc.constantFrom('1', '(1)', '（2）', '3', '6', '99', '0', '-1', '1.5', '1e9', 'NaN', '', ' ', '(', '一', '١', '=1+1', '@SUM(A1)',
      '2026-02-30', '2026-13-01', 'today', '2026-03-06', '2025-12-31', 'zh', 'en', 'fr', 'weekly-summary', 'red', 'x@y', 'a=b', '=', '--', '-', '--json',
      '--lang', '--out', '../../etc/passwd', '%s%n', '${HOME}', '\u202e', '💥', '整改', 'a'.repeat(20000));
    const files = fc.constantFrom(...['syntax.yaml', 'gbk.csv', 'many.yaml', 'duplicate.csv'].map((f) => path.join(BAD, f)),
      path.join(out, 'gbk.yaml'), path.join(out, 'list.yaml'), path.join(out, 'empty.json'), path.join(tmp, 'missing.yaml'), tmp, '/dev/zero', '/dev/null',
      path.join(__dirname, 'fixtures', 'holidays', 'bad.yaml'), SMALL);
    const outs = fc.constantFrom('x.html', 'x.docx', 'x.csv', 'x.xlsx', 'x.jsonl', 'x.svg', 'x.md', 'x.pdf', 'x', 'x.HTML', '')
      .map((f) => path.join(out, f)).chain((f) => fc.constantFrom(f, path.join(SMALL, 'x.csv'), '/proc/version/x.csv'));
    const valueFor = (name: string) => {
      if (/file|from|reports|script|campaign-file/i.test(name)) return fc.oneof(files, words);
      if (/out/.test(name)) return fc.oneof(outs, words);
      return words;
    };
    // Mostly well-formed command lines with bad values (they reach rectify's own checks), some malformed ones (commander's).
    const argv = fc.constantFrom(...all).chain((c) => {
      const positional = fc.tuple(...c.args.map((a) => fc.option(a.name === 'file' ? files : valueFor(a.name), { freq: a.required ? 12 : 2, nil: undefined })));
      const mandatory = c.options.filter((o) => o.mandatory);
      const options = fc.tuple(fc.subarray(c.options.filter((o) => !o.mandatory)), fc.oneof({ weight: 9, arbitrary: fc.constant(mandatory) }, { weight: 1, arbitrary: fc.subarray(mandatory) }))
        .chain(([some, needed]) => fc.tuple(...[...needed, ...some].map((o) => {
          const flag = o.long ?? o.short!;
          if (!o.required && !o.optional) return fc.constant([flag]);
          return fc.oneof(
            { weight: 6, arbitrary: valueFor(flag).map((v) => [flag, v]) },
            { weight: 2, arbitrary: valueFor(flag).map((v) => [`${flag}=${v}`]) },
            { weight: 1, arbitrary: fc.constant([flag]) }, // the value forgotten
          );
        })));
      const lang = fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.constantFrom(['--lang', 'en'], ['--lang', 'zh']) },
        { weight: 1, arbitrary: fc.constantFrom(['--lang', 'de'], ['--lang']) });
      const extra = fc.oneof({ weight: 8, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(words, { minLength: 1, maxLength: 2 }) });
      return fc.tuple(lang, positional, options, extra)
        .map(([l, pos, opts, more]) => [...l, ...c.path, ...pos.filter((p): p is string => p !== undefined), ...opts.flat(), ...more]);
    });
    // simulate runs a whole campaign when handed a valid file and a day after its start: that is not bad input.
    const cases = fc.sample(argv.filter((a) => !(a.includes('simulate') && a.includes(SMALL) && a.some((x) => x.includes('2026-03-06')))), { numRuns: RUNS.argv, seed: 7 });
    // Found by this test: a refusal after the SDK's runtime was installed left the process running.
    cases.push(['simulate', SMALL, '--until', '2025-12-31']);
    const codes = { 0: 0, 1: 0, 2: 0 } as Record<number, number>;
    const failures: string[] = [];
    let next = 0;
    const runOne = async (): Promise<void> => {
      while (next < cases.length) {
        const a = cases[next++];
        const r = await rectify(a, { ...env, RECTIFY_LANG: '' }, 30000);
        codes[r.code] = (codes[r.code] ?? 0) + 1;
        if (process.env.RECTIFY_FUZZ_LOG) writeFileSync(`${process.env.RECTIFY_FUZZ_LOG}.cases`, `${r.code} rectify ${a.map((x) => JSON.stringify(x.slice(0, 40))).join(' ')}\n  ${r.stderr.slice(0, 300).replace(/\n/g, '\n  ')}\n`, { flag: 'a' });
        try { expectClean(a, r); } catch (e) { failures.push(String((e as Error).message).slice(0, 1500)); }
        // An exit 1 is a failure of ours or of the surroundings, never of the input: only these are expected.
        if (r.code === 1 && !/chromium|not started yet/.test(r.stderr)) failures.push(`exit 1: rectify ${a.join(' ').slice(0, 200)}\n${r.stderr.slice(0, 500)}`);
      }
    };
    await Promise.all([runOne(), runOne()]);
    if (process.env.RECTIFY_FUZZ_LOG) writeFileSync(process.env.RECTIFY_FUZZ_LOG, JSON.stringify({ codes, failures }, null, 2));
    expect(failures).toEqual([]);
    // The generator reaches both sides: refusals and commands that ran.
    expect(codes[2]).toBeGreaterThan(RUNS.argv / 3);
    expect(codes[0]).toBeGreaterThan(0);
  }, 600000);
});
