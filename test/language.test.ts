/**
 * One language at a time (issue 16, point 4): every command of the COMMANDS table, run with the real
 * binary under zh (the default) — its help, commander's own refusals (unknown option, missing
 * argument), bad option values, a bad campaign file, a bad ledger row and an unreachable Temporal —
 * prints no English sentence; under --lang en the same refusals are English.
 *
 * An English sentence is a run of three or more English words once what is not prose is taken out:
 * option names (--percent), placeholders (<file>), file names and paths, URLs, quoted values (what the
 * person typed, echoed), environment variables and other upper-case names (YAML, RECTIFY_LANG),
 * identifiers of the campaign file (itemsFrom, weeklyDue), the command line itself (rectify calendar
 * show) and a few product names (Temporal, Excel).
 *
 * And what a campaign sends and writes: the small example campaign simulated (one time-skipping server each)
 * in English and, the same file with `language: zh`, in Chinese — every mail, every document it sent, the
 * ledger, announcement, chart and packets, and the audit record's export — is in the campaign's language once
 * what the campaign file itself says (titles, names, measures, the reports) is taken out: no Chinese under en,
 * no English sentence under zh.
 */
import { mkdirSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { program } from '../client/cli';
import { loadCampaignText } from '../domain/campaign';
import { simulate } from '../runtime/simulation';
import { auditDetail, auditFile, auditRows } from '../documents/audit';
import type { Language } from '../domain/i18n';
import { rectify, tempDir, type CliResult } from './support/cli';
import { decoded, englishSentences, visibleText } from './support/language';

interface Run { argv: string[]; why: string; env?: NodeJS.ProcessEnv }

/** Every command and subcommand of the program (the COMMANDS table of client/cli.ts), by path. */
function commandPaths(p: Command, prefix: string[] = []): { path: string[]; command: Command }[] {
  return p.commands.filter((c) => c.name() !== 'help').flatMap((c) => [{ path: [...prefix, c.name()], command: c }, ...commandPaths(c, [...prefix, c.name()])]);
}

const tmp = tempDir('language');
const data = path.join(tmp, 'data');
mkdirSync(data);
const BAD_CAMPAIGN = path.join(tmp, 'bad.yaml');
const BAD_LEDGER_CAMPAIGN = path.join(tmp, 'bad-ledger.yaml');
writeFileSync(BAD_CAMPAIGN, [
  'campaign: { id: x, name: "", timeZone: Mars/Base, start: "2026-02-30", concentratedEnd: 5, colour: red }',
  'cadence: { weeklyDue: { weekday: someday, time: "25:00" }, reminderLeadHours: -1, calendar: moon }',
  'addresses: { workingGroup: [not-an-address] }',
  'people:',
  '  - { name: 甲, role: boss, email: jia@example.org }',
  '  - { name: 乙, role: leader, email: yi@example.org, id: p }',
  '  - { name: 丙, role: contact, email: bing@example.org, id: p }',
  'escalation:',
  '  - { id: a, level: chase, notice: 催办, when: { missedReports: 1, milestonePassed: true }, to: [contact] }',
  'items:',
  '  - { id: "(1)", section: 一, problem: 问题, measures: [措施], kind: sometime, leader: 丁, leadUnit: 办公室, contacts: [丙], deadline: "2026-13-01" }',
  '  - { id: "(1)", section: 一, problem: 问题, measures: [], kind: 立行立改, leader: 乙, leadUnit: 办公室, contacts: [戊], deadline: "2026-01-01",',
  '      milestones: [{ date: "2026-05-01", deliverable: 交付 }] }',
  '  - { section: 一, problem: 问题, measures: [措施], kind: 立行立改, leader: 乙, leadUnit: 办公室, contacts: [丙], deadline: 2026-04-01, extra: 1 }',
  '',
].join('\n'));
writeFileSync(path.join(tmp, 'bad-ledger.csv'), [
  '序号,问题类别,反馈问题,整改措施,整改类型,责任领导,牵头单位,配合单位,联络员,联络员邮箱,整改时限,节点',
  '1,一、党的建设方面,问题一,措施一,立行立改,林晓东,党政办公室,,朱晓燕,zhu@example.org,2026-02-30,2026-03-01 交付',
  '1,一、党的建设方面,问题二,措施二,某种整改,王五,党政办公室,,朱晓燕;李四,zhu@example.org,下个月,三月 交付',
  '',
].join('\n'));
writeFileSync(BAD_LEDGER_CAMPAIGN, [
  'campaign: { id: l, name: 台账, timeZone: Asia/Shanghai, start: "2026-03-02", concentratedEnd: "2026-05-29" }',
  'addresses: { workingGroup: [zb@example.org], committee: [sj@example.org] }',
  'people:',
  '  - { name: 林晓东, role: leader, email: lin@example.org }',
  '  - { name: 朱晓燕, role: contact, unit: 党政办公室, email: zhu@example.org }',
  'itemsFrom: bad-ledger.csv',
  '',
].join('\n'));
const BAD_YAML = path.join(tmp, 'syntax.yaml');
writeFileSync(BAD_YAML, 'campaign: [unclosed\n');
const DEEP = path.join(tmp, 'deep.yaml');
writeFileSync(DEEP, '['.repeat(200));

/** Nothing here reaches a server but the one run that is meant to: an address nothing listens on. */
const ENV: NodeJS.ProcessEnv = {
  RECTIFY_DATA: data, RECTIFY_LANG: '', TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'default', RECTIFY_DATABASE_URL: '',
  TEMPORAL_CONFIG_FILE: path.join(tmp, 'none.toml'),
};

/** Commands that serve or run until stopped: never run without a refusal certain (help and unknown options only). */
const LONG_RUNNING = new Set(['up', 'worker', 'serve', 'simulate']);

function runs(p: Command): Run[] {
  const out: Run[] = [{ argv: ['--help'], why: 'help' }, { argv: ['--bogus'], why: 'unknown option' }, { argv: ['reprot'], why: 'unknown command' },
    { argv: ['--lang', 'fr', 'status'], why: 'bad --lang' }, { argv: ['validate', 'x', '--bogus'], why: 'unknown option' }];
  // Every command's help is read in this process (the next test); commander's refusals, which print the
  // command's help after them, are run once each: a missing argument, a missing option, an unknown subcommand.
  const once = new Set<string>();
  const first = (why: string): boolean => !once.has(why) && Boolean(once.add(why));
  for (const { path: cmd, command } of commandPaths(p)) {
    if (command.commands.length) {
      if (first('unknown subcommand')) out.push({ argv: [...cmd, 'nosuch'], why: 'unknown subcommand' });
      continue;
    }
    const args = command.registeredArguments;
    const opts = command.options.filter((o) => o.long !== '--help');
    if (args.some((a) => a.required) && first('missing argument')) out.push({ argv: cmd, why: 'missing argument' });
    else if (!args.some((a) => a.required) && opts.some((o) => o.mandatory) && first('missing option')) out.push({ argv: cmd, why: 'missing option' });
    // Every option that takes a value given one that is wrong for numbers, dates, files and choices alike.
    const valued = opts.filter((o) => o.required || o.optional);
    if (valued.length && !LONG_RUNNING.has(cmd[0])) {
      out.push({ argv: [...cmd, ...args.filter((a) => a.required).map(() => 'x'), ...valued.flatMap((o) => [o.long!, '-1.5x'])], why: 'bad option values' });
    }
    if (LONG_RUNNING.has(cmd[0]) && valued.some((o) => /port/.test(o.long!))) {
      out.push({ argv: [...cmd, ...valued.filter((o) => /port/.test(o.long!)).flatMap((o) => [o.long!, '-1.5x'])], why: 'bad port' });
    }
  }
  out.push(
    { argv: ['validate', BAD_CAMPAIGN], why: 'bad campaign file' },
    { argv: ['validate', BAD_LEDGER_CAMPAIGN], why: 'bad ledger rows' },
    { argv: ['validate', BAD_YAML], why: 'YAML syntax' },
    { argv: ['validate', path.join(tmp, 'none.yaml')], why: 'no such file' },
    { argv: ['start', BAD_CAMPAIGN], why: 'bad campaign file' },
    { argv: ['calendar', 'show', '--from', '2026-03-01', '--until', '2026-03-10', '--campaign', BAD_CAMPAIGN], why: 'bad campaign file' },
    { argv: ['calendar', 'show', '--from', '2026-03-10', '--until', '2026-03-01'], why: 'until before from' },
    { argv: ['calendar', 'update', '--from', BAD_CAMPAIGN], why: 'bad holidays file' },
    { argv: ['calendar', 'update', '--from', path.join(__dirname, 'fixtures', 'holidays', 'bad.yaml')], why: 'bad holidays file' },
    { argv: ['validate', DEEP], why: 'nested too deep' },
    { argv: ['report', '(1)', '--progress', '已完成', '--percent', '150'], why: 'percent out of range' },
    { argv: ['status'], why: 'unreachable Temporal' },
    { argv: ['serve', '--port', '0'], why: 'bad settings', env: { RECTIFY_LINK_KEY: 'too-short' } },
    { argv: ['serve', '--port', '0'], why: 'bad settings', env: { RECTIFY_LINK_KEY: 'k'.repeat(40), RECTIFY_TRUST_PROXY: 'all', RECTIFY_RATE_PER_MINUTE: 'many' } },
    { argv: ['migrate'], why: 'bad settings', env: { RECTIFY_DATABASE_URL: 'mysql://db' } },
  );
  return out;
}

/** Runs `f` over `xs`, `n` at a time. */
async function pool<T, R>(xs: T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(xs.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < xs.length) { const i = next++; results[i] = await f(xs[i]); }
  }));
  return results;
}

let all: Run[];
let words: string[];
let built: Command;
let programHelp: string;
const givenLanguage = process.env.RECTIFY_LANG;
afterAll(() => { if (givenLanguage === undefined) delete process.env.RECTIFY_LANG; else process.env.RECTIFY_LANG = givenLanguage; });
beforeAll(async () => {
  // The help texts are made (and commander's words said) in the language of the run: Chinese by default.
  process.env.RECTIFY_LANG = '';
  const p = await program();
  programHelp = p.helpInformation();
  built = p;
  all = runs(p);
  words = [...new Set(commandPaths(p).flatMap((c) => c.path))];
});

test('under zh, every command\'s help is Chinese: its description, arguments, options, commander\'s headings', () => {
  const helps = [programHelp, ...commandPaths(built).map((c) => c.command.helpInformation())];
  const found = helps.flatMap((h) => {
    const said = englishSentences(h, words);
    return said.length ? [`${h.split('\n')[0]}: ${[...new Set(said)].map((x) => JSON.stringify(x)).join(', ')}`] : [];
  });
  expect(found).toEqual([]);
  expect(helps.length).toBeGreaterThan(30);
  expect(helps.every((h) => h.startsWith('用法：'))).toBe(true);
});

test('under zh, no command prints an English sentence: refusals, bad option values, bad files, bad settings, an unreachable server', async () => {
  const results: (Run & CliResult)[] = await pool(all, 4, async (r) => ({ ...r, ...(await rectify(r.argv, { ...ENV, ...r.env }, 60000)) }));
  const found = results.flatMap((r) => {
    const said = englishSentences(`${r.stdout}\n${r.stderr}`, words);
    return said.length ? [`rectify ${r.argv.join(' ')} (${r.why}): ${[...new Set(said)].map((s) => JSON.stringify(s)).join(', ')}`] : [];
  });
  expect(found).toEqual([]);
  // The runs did what they are for: refusals refused, and the unreachable server was named.
  for (const r of results) {
    const where = `rectify ${r.argv.join(' ')}\n${r.stderr}`;
    expect({ where, killed: Boolean(r.killed) }).toEqual({ where, killed: false });
    if (r.why !== 'help') expect({ where, refused: r.code !== 0 }).toEqual({ where, refused: true });
  }
  expect(results.find((r) => r.why === 'unreachable Temporal')?.stderr).toContain('无法连接 Temporal 服务 127.0.0.1:1');
  expect(results.find((r) => r.why === 'bad campaign file')?.stderr).toContain('bad.yaml: campaign.start：没有这一天："2026-02-30"');
}, 400000);

test('under --lang en the same refusals are English', async () => {
  const en = (argv: string[]) => rectify(['--lang', 'en', ...argv], ENV, 60000);
  const [help, report, bogus, bad, ledger] = await Promise.all([
    en(['--help']), en(['report', '--help']), en(['validate', 'x', '--bogus']), en(['validate', BAD_CAMPAIGN]), en(['validate', BAD_LEDGER_CAMPAIGN])]);
  expect(help.stdout).toMatch(/^Usage: rectify \[options\] \[command\]/);
  expect(help.stdout).toContain('display help for command');
  expect(report.stdout).toContain('percent complete (0-100)');
  expect(bogus.stderr).toMatch(/^error: unknown option '--bogus'/);
  expect(bad.stderr).toContain('bad.yaml: campaign.start: no such day: "2026-02-30"');
  expect(bad.stderr).toContain('bad.yaml: people[1].role: not a role: "boss"');
  expect(ledger.stderr).toMatch(/bad-ledger\.csv row 2, column 整改时限 \(K\): no such day: "2026-02-30"/);
  for (const r of [help, report, bogus, bad]) expect(r.stdout + r.stderr).not.toMatch(/用法|选项|缺少|未知/);
});

const SMALL = path.join(__dirname, '..', 'examples', 'small-campaign.yaml');
const UNTIL = '2026-03-31';

/** Every text a campaign file gives (titles, problems, measures, names, units, addresses), longest first. */
function fileTexts(yamlText: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    // As written, and as lists print it (an item's measures joined with ；, without their full stops).
    if (typeof v === 'string') out.push(v.trim(), v.trim().replace(/[.。]$/, ''));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(parse(yamlText));
  return [...new Set(out.filter((t) => t.length > 1))].sort((a, b) => b.length - a.length);
}
const without = (text: string, texts: string[]): string => texts.reduce((t, x) => t.split(x).join(' '), text);

/** The text a reader sees in a written file: HTML without its tags and styles, Word and Excel from their XML. */
async function readable(file: string): Promise<string> {
  const ext = path.extname(file);
  if (ext === '.docx' || ext === '.xlsx') {
    const zip = await JSZip.loadAsync(readFileSync(file));
    const parts = Object.keys(zip.files).filter((n) => /^(word\/(document|header\d*|footer\d*)|xl\/sharedStrings|xl\/worksheets\/sheet\d+)\.xml$/.test(n));
    const xml = (await Promise.all(parts.map((n) => zip.file(n)!.async('string')))).join('\n');
    // A Word paragraph's runs read as one text (a run boundary is no word boundary).
    return decoded(xml.replace(/<\/w:p>|<\/si>|<\/c>/g, '\n').replace(/<(?!\/?(?:w:t|t)[ >])[^>]*>/g, '').replace(/<\/?(?:w:t|t)(?: [^>]*)?>/g, ''));
  }
  return visibleText(readFileSync(file, 'utf8'));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(html|md|csv|svg|docx|xlsx)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

/** The small example campaign in `lang`, simulated three and a half weeks; what it mailed and wrote, by where it is. */
async function campaignOutput(lang: Language): Promise<{ texts: string[]; said: [string, string][] }> {
  const yamlText = readFileSync(SMALL, 'utf8').replace(/^ {2}language: en$/m, `  language: ${lang}`);
  const plan = await loadCampaignText(yamlText, { label: 'small-campaign.yaml', baseDir: path.dirname(SMALL) });
  const out = tempDir(`language-${lang}`);
  const reports = { progress: 'Backlog of minutes being published', by: 'Farid Khan' };
  const sim = await simulate(plan, UNTIL, {
    reports: [{ items: ['(1)', '(2)', '(4)'], weekly: { hoursBefore: 4 }, percent: { start: 30, step: 35 }, ...reports }],
    announcements: [{ items: 'all', at: '2026-03-30T10:00', approve: true, by: 'Isla Reid' }],
  }, { outDir: out });
  const said: [string, string][] = sim.mails.map((m) => [`mail ${m.subject}`, `${m.subject}\n${m.text}`]);
  for (const f of await filesUnder(out)) said.push([path.relative(out, f), await readable(f)]);
  const rows = sim.collected!.rows.flatMap((r) => auditRows(sim.collected!.snapshots.get(r.key)!));
  said.push(['export history (csv)', (await auditFile('csv', rows, plan.timeZone, lang)).toString('utf8')]);
  return { texts: [...fileTexts(yamlText), reports.progress, reports.by], said };
}

/** The engine's keys of states and escalation levels, as the record stores them. */
const ENGINE_KEYS = /\b(?:notStarted|inProgress|submitted|closed|continuing|returned|withdrawn|reminder|chase|supervision|working-group|committee)\b/g;

test('the record as exported: what the engine wrote is said in the export\'s language', () => {
  const rows = [
    { what: 'state', detail: 'notStarted → inProgress' }, { what: 'review', detail: 'accepted (销号)' },
    { what: 'closeout', detail: 'submitted for close-out on four dimensions (四个维度)' }, { what: 'review', detail: 'returned: 佐证不足' },
    { what: 'escalation', detail: '督办单(黄) (supervision) → li@example.org: 周报告逾期 3 个工作日仍未报送' },
    { what: 'missed', detail: 'weekly report due 2026-03-06T12:00:00.000+08:00 missing (2 in a row)' },
    { what: 'carriedIn', detail: 'wuhu-2023 (3): submitted 80%' },
  ] as const;
  expect(rows.map((r) => auditDetail(r, 'zh'))).toEqual([
    '未启动 → 整改中', '审核通过，予以销号', '提交销号申请（问题解决、原因及追责问责、举一反三、长效机制）', '退回：佐证不足',
    '督办单(黄)（督办）→ li@example.org：周报告逾期 3 个工作日仍未报送', '2026-03-06 12:00 截止的周报告未报送（连续第 2 次）', '上一轮 wuhu-2023 事项 (3)：待验收，进度 80%',
  ]);
  expect(rows.slice(0, 3).map((r) => auditDetail(r, 'en'))).toEqual(['not started → in progress', 'accepted (closed)', 'submitted for close-out on the four dimensions']);
});

test('a campaign in English mails and writes no Chinese of its own; the same campaign in Chinese no English sentence', async () => {
  const en = await campaignOutput('en');
  // (What each run covers: the kinds of mail and the files, so a scan of nothing cannot pass.)
  expect(en.said.length).toBeGreaterThan(30);
  expect(en.said.some(([where]) => /Supervision notice/.test(where))).toBe(true);
  const han = en.said.flatMap(([where, text]) => {
    const found = without(text, en.texts).match(/[\p{Script=Han}][\p{Script=Han}\p{P}\d]*/gu) ?? [];
    return found.length ? [`${where}: ${[...new Set(found)].join(' ')}`] : [];
  });
  expect(han).toEqual([]);

  const zh = await campaignOutput('zh');
  expect(zh.said.some(([where]) => /督办单/.test(where))).toBe(true);
  const english = zh.said.flatMap(([where, text]) => {
    const rest = without(text, zh.texts);
    // An English sentence, or one of the engine's own keys (a state, a level) where a reader expects its name.
    const found = [...englishSentences(rest, words), ...(rest.match(ENGINE_KEYS) ?? [])];
    return found.length ? [`${where}: ${[...new Set(found)].map((x) => JSON.stringify(x)).join(', ')}`] : [];
  });
  expect(english).toEqual([]);
}, 300000);
