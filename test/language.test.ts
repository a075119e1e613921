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
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { program } from '../client/cli';
import { rectify, tempDir, type CliResult } from './support/cli';

/** Product and format names an office writes in Latin letters in Chinese text too. */
const NAMES = ['Temporal', 'Web UI', 'Word', 'Excel', 'WPS', 'LibreOffice', 'PostgreSQL', 'SQLite', 'Debian', 'Go', 'Java', 'Node.js',
  'worker', 'rectify', 'Asia/Shanghai', 'Europe/London', 'YYYY-MM-DD', 'HH:MM', 'e-mail'];

/** The English sentences in `text` (empty when there are none). */
export function englishSentences(text: string, commandWords: string[]): string[] {
  let t = text
    .replace(/\b[a-z][\w+.-]*:\/\/\S+/g, ' ')                         // URLs
    .replace(/"[^"\n]*"|'[^'\n]*'|“[^”\n]*”/g, ' ')                    // quoted values
    .replace(/(?:^|\s)--?[A-Za-z][\w-]*(?:[ =]<[^>]*>|\[[^\]]*\])?/g, ' ') // options and their placeholders
    .replace(/<[^>\n]*>|\[[\w .-]*\]/g, ' ')                          // placeholders
    .replace(/\S*[/\\]\S*/g, ' ')                                     // paths
    .replace(/\S+\.(?:ya?ml|json|jsonl|csv|xlsx|docx|html|svg|png|pdf|eml|toml|sql|ts|js|md)\b/gi, ' ') // file names
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ')                             // YAML, RECTIFY_LANG, U+202E
    .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ');                             // itemsFrom, weeklyDue
  for (const n of NAMES) t = t.split(n).join(' ');
  const words = new RegExp(`\\brectify(?: (?:${commandWords.map((w) => w.replace(/[-]/g, '\\-')).join('|')}))*\\b`, 'g');
  t = t.replace(words, ' ');
  return [...t.matchAll(/\b[A-Za-z]+(?:(?:,? +|-)[A-Za-z]+){2,}\b/g)].map((m) => m[0]);
}

interface Run { argv: string[]; why: string }

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
  for (const { path: cmd, command } of commandPaths(p)) {
    if (command.commands.length) {
      out.push({ argv: [...cmd, 'nosuch'], why: 'unknown subcommand' });
      continue;
    }
    const args = command.registeredArguments;
    const opts = command.options.filter((o) => o.long !== '--help');
    // A missing argument or option prints the command's help after the refusal; a command needing neither shows it with --help.
    if (args.some((a) => a.required) || opts.some((o) => o.mandatory)) out.push({ argv: cmd, why: 'missing argument or option' });
    else out.push({ argv: [...cmd, '--help'], why: 'help' });
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
    { argv: ['report', '(1)', '--progress', '已完成', '--percent', '150'], why: 'percent out of range' },
    { argv: ['status'], why: 'unreachable Temporal' },
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
beforeAll(async () => {
  const p = await program();
  all = runs(p);
  words = [...new Set(commandPaths(p).flatMap((c) => c.path))];
});

test('under zh, no command prints an English sentence: help, refusals, bad files, an unreachable server', async () => {
  const results: (Run & CliResult)[] = await pool(all, 4, async (r) => ({ ...r, ...(await rectify(r.argv, ENV, 60000)) }));
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
