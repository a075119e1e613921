/**
 * The coordinator's day with the real `rectify` binary, against a real
 * Temporal dev server (the Temporal CLI, SQLite file), the worker running as
 * `rectify worker` and a real SMTP listener.
 */
import path from 'node:path';
import type { MailSink } from '../runtime/mail-sink';
import { eventually, rectify, tempDir, useDevServerAndWorker } from './support/cli';
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { FileDocumentStore } from '../documents/store';
import { DateTime } from 'luxon';
import type { ItemSnapshot } from '../domain/contract';

const EXAMPLES = path.join(__dirname, '..', 'examples');
const SMALL = path.join(EXAMPLES, 'small-campaign.yaml');

const live = useDevServerAndWorker('cli');
let env: NodeJS.ProcessEnv;
let sink: MailSink;
beforeAll(() => { ({ env, sink } = live); });

const json = <T>(s: string): T => JSON.parse(s) as T;
interface Row { item: string; state: string; light: string; percent: number; nextDue: string | null; lastReport: string | null; unit: string; deadline: string | null; countdown: { overdue: boolean; workingDays: number } | null }

test('validate accepts the examples and start is idempotent', async () => {
  for (const f of ['seed-campaign.yaml', 'small-campaign.yaml', 'ledger-campaign.yaml']) {
    const r = await rectify(['validate', path.join(EXAMPLES, f)], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  // The example's dates moved so that it starts today: its deadlines lie ahead.
  const first = await rectify(['start', SMALL, '--rebase', 'today'], env);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('6 items added, 0 already known');
  const again = await rectify(['start', SMALL, '--rebase', 'today'], env);
  expect(again.stdout).toContain('0 items added, 6 already known');
});

test('start on a file with one changed deadline lists it and changes nothing; --amend --approved-by applies it, on record', async () => {
  const text = readFileSync(SMALL, 'utf8');
  const at = text.lastIndexOf('deadline: "2026-05-29"');
  const changed = path.join(tempDir('amend'), 'small-campaign.yaml');
  writeFileSync(changed, `${text.slice(0, at)}deadline: "2026-06-30"${text.slice(at + 'deadline: "2026-05-29"'.length)}`);
  const listed = await rectify(['start', changed, '--rebase', 'today'], env);
  expect(listed.code).toBe(2);
  expect(listed.stdout).toMatch(/^item \(6\) .*: 1 change\(s\) to its plan\n {2}deadline: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d\n$/);
  expect(listed.stderr).toContain('--amend --approved-by');
  expect(listed.stderr).toContain('nothing in campaign harbor-audit-2026 was changed');
  const before = await rectify(['history', '6'], env);
  expect(before.stdout).not.toContain('plan change');

  const applied = await rectify(['start', changed, '--rebase', 'today', '--amend', '--approved-by', 'Lee Wen', '--by', 'Office'], env);
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain('0 items added, 6 already known; 1 changed (approved by Lee Wen), 0 withdrawn.');
  const history = await rectify(['history', '6'], env);
  expect(history.stdout).toMatch(/plan change\s+Office\s+plan changed \(approved by Lee Wen\): deadline: /);
  // Run again, the file changes nothing more.
  expect((await rectify(['start', changed, '--rebase', 'today'], env)).code).toBe(0);
});

test('status lists every item from visibility; a report turns it in progress', async () => {
  const rows = await eventually('six items in status', async () => {
    const r = await rectify(['status', '--json'], env);
    const list = r.code === 0 ? json<Row[]>(r.stdout) : [];
    return list.length === 6 && list;
  });
  expect(rows.map((r) => r.state)).toEqual(Array(6).fill('notStarted'));
  // Next due times in the campaign's zone (Europe/London).
  expect(rows.every((r) => /\+0[01]:00$/.test(r.nextDue ?? ''))).toBe(true);
  // Each deadline lies ahead (the example was rebased to today): a countdown in working days, none overdue.
  expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.deadline ?? '') && r.countdown?.overdue === false && r.countdown.workingDays > 0)).toBe(true);

  const rep = await rectify(['report', '1', '--progress', 'Audit trail restored for all payments', '--percent', '40', '--evidence', 'memo-2026-03.pdf', '--by', 'Ann Lee'], env);
  expect(rep.stderr).toBe('');
  expect(rep.stdout).toContain('report recorded');
  const after = await eventually('the report in status', async () => {
    const list = json<Row[]>((await rectify(['status', '--json'], env)).stdout);
    const row = list.find((r) => r.item === '(1)');
    return row?.lastReport ? row : undefined;
  });
  expect(after.state).toBe('inProgress');
  expect(after.percent).toBe(40);

  const table = await rectify(['status', '--lang', 'en'], env);
  expect(table.stdout).toContain('in progress');
  expect(table.stdout).toMatch(/countdown/);
  expect(table.stdout).toMatch(/\d+ working days? left/);
  const unit = json<Row[]>((await rectify(['status', '--json', '--unit', after.unit], env)).stdout);
  expect(unit.every((r) => r.unit === after.unit)).toBe(true);
  expect(unit.length).toBeLessThan(6);

  // A page of the list, in item order, with the whole campaign's counts (what a 10,000-item campaign shows first).
  const page = await rectify(['status', '--json', '--page', '2', '--page-size', '4'], env);
  expect(json<Row[]>(page.stdout).map((r) => r.item)).toEqual(['(5)', '(6)']);
  expect(page.stderr).toContain('page 2 of 2 (6 items)');
  const first = await rectify(['status', '--lang', 'en', '--page-size', '4'], env);
  expect(first.stdout).toContain('page 1 of 2 (6 items)');
  expect(first.stdout).toContain('6 items: 0 red');
  expect(first.stdout).toContain('(4)');
  expect(first.stdout).not.toContain('(5)');
});

test('close-out from the CLI: refused when incomplete, then submitted, reviewed and closed', async () => {
  const incomplete = await rectify(['closeout', 'submit', '2', '--solved', 'Fixed', '--solved-evidence', 'a.pdf'], env);
  expect(incomplete.code).toBe(2);
  expect(incomplete.stderr).toContain('2: closeout.accountability.statement: must not be empty');
  expect(incomplete.stderr).not.toMatch(/\n\s+at /);

  const ok = await rectify(['closeout', 'submit', '2', '--solved', 'Fixed', '--solved-evidence', 'a.pdf',
    '--cause', 'A process gap; no one at fault', '--none-needed', '--similar', 'Checked all ledgers', '--similar-evidence', 'b.xlsx',
    '--mechanism', 'Monthly reconciliation rule', '--mechanism-evidence', 'rule-7.pdf', '--json'], env);
  expect(ok.code).toBe(0);
  expect(json<{ state: string }>(ok.stdout).state).toBe('submitted');

  const neither = await rectify(['closeout', 'review', '2'], env);
  expect(neither.code).toBe(2);
  expect(neither.stderr).toContain('give either --accept or --return REASON');

  const accepted = await rectify(['closeout', 'review', '2', '--accept', '--json'], env);
  expect(json<{ state: string }>(accepted.stdout).state).toBe('closed');
  const late = await rectify(['report', '2', '--progress', 'more'], env);
  expect(late.code).toBe(2);
  expect(late.stderr).toContain('closed');
});

test('dispatch: an extension needs its approver; granted, it reaches the contact by mail', async () => {
  const refused = await rectify(['dispatch', '3', '--instruction', 'Extend', '--new-deadline', '2099-06-30'], env);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--approved-by');
  const ok = await rectify(['dispatch', '3', '--instruction', 'Finish the vendor review first', '--new-deadline', '2099-06-30', '--approved-by', 'Director Shaw'], env);
  expect(ok.code).toBe(0);
  // In working time the decision mail goes out at once; outside it (this test runs at any hour) it waits for
  // the next working morning, and the item's history says so.
  const sent = await eventually('the decision mail, or its slot', async () => {
    const mail = sink.messages.find((m) => m.subject.startsWith('[Dispatch decision]'));
    if (mail) return { mail };
    const snap = json<ItemSnapshot>((await rectify(['history', '3', '--json'], env)).stdout);
    const waiting = snap.mailsWaiting?.find((w) => w.kind === 'dispatch-decision' && w.sendAt !== undefined);
    return waiting && waiting.sendAt! > Date.now() + 60_000 && { waiting };
  });
  const history = await rectify(['history', '3'], env);
  expect(history.stdout).toContain('dispatch');
  expect(history.stdout).toContain('Director Shaw');
  if ('mail' in sent) {
    expect(sent.mail?.text).toContain('2099-06-30');
    expect(sent.mail?.text).toContain('Director Shaw');
  } else {
    const slot = DateTime.fromMillis(sent.waiting.sendAt!, { zone: 'Europe/London' });
    expect(slot.toFormat('HH:mm')).toBe('08:30');
    expect(slot.weekday).toBeLessThan(6);
    expect(history.stdout).toContain(`mail waiting: dispatch decision → ${sent.waiting.to.join(', ')}`);
    expect(history.stdout).toContain(`goes out ${slot.toFormat('yyyy-MM-dd HH:mm')}`);
  }
});

test('documents from the live campaign: ledger, announcement, packet of a closed item, wall chart; the documents sent, listed and written again', async () => {
  const out = tempDir('cli-docs');
  const ledger = await rectify(['export', 'ledger', '--out', path.join(out, 'ledger.xlsx')], env);
  expect(ledger.stderr).toBe('');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, 'ledger.xlsx'));
  expect(wb.worksheets[0].rowCount).toBe(7);
  expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('id');
  expect((await rectify(['export', 'ledger', '--out', path.join(out, 'ledger.csv')], env)).code).toBe(0);
  expect(readFileSync(path.join(out, 'ledger.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

  expect((await rectify(['publish', 'announcement', '--out', path.join(out, 'a.md')], env)).code).toBe(0);
  const md = readFileSync(path.join(out, 'a.md'), 'utf8');
  expect(md).toContain('6 problems: 1 completed');
  // 公示稿: the final text is refused while any item's is not approved; an approved one prints as approved.
  const final = await rectify(['publish', 'announcement', '--final', '--out', path.join(out, 'f.md')], env);
  expect([final.code, final.stderr]).toEqual([2, expect.stringContaining('6 item(s) have no approved announcement text')]);
  expect((await rectify(['announcement', 'edit', '1', '--text', 'On the backlog of minutes. Measures: minutes published weekly. Progress: rectified.', '--by', 'Office'], env)).code).toBe(0);
  expect((await rectify(['announcement', 'approve', '1', '--by', 'Head of office'], env)).code).toBe(0);
  expect((await rectify(['history', '1'], env)).stdout).toContain('announcement text approved: On the backlog of minutes.');
  expect((await rectify(['publish', 'announcement', '--out', path.join(out, 'a2.md')], env)).code).toBe(0);
  const approved = readFileSync(path.join(out, 'a2.md'), 'utf8');
  expect(approved).toMatch(/On the backlog of minutes\\?\. Measures: minutes published weekly/);
  expect(approved.match(/text not approved/g)).toHaveLength(5);
  // Item 2 was closed above: its record is read (its workflow runs on for its look-backs, 回头看).
  expect((await rectify(['packet', '2', '--out', path.join(out, 'p2.docx')], env)).code).toBe(0);
  const packet = (await mammoth.extractRawText({ path: path.join(out, 'p2.docx') })).value;
  for (const t of ['Monthly reconciliation rule', 'rule-7.pdf', 'A process gap; no one at fault', ' (none needed)']) expect(packet).toContain(t);
  expect((await rectify(['chart', '--out', path.join(out, 'chart.html')], env)).code).toBe(0);
  expect(readFileSync(path.join(out, 'chart.html'), 'utf8').match(/data-item=/g)).toHaveLength(6);
  const badFormat = await rectify(['chart', '--out', path.join(out, 'chart.pdf')], env);
  expect(badFormat.code).toBe(2);
  expect(badFormat.stderr).toContain('.html');
  expect((await rectify(['chart', '--group', 'section', '--out', path.join(out, 'chart.png')], env)).code).toBe(0);
  expect(readFileSync(path.join(out, 'chart.png')).subarray(1, 4).toString()).toBe('PNG');
  expect((await rectify(['chart', '--out', path.join(out, 'chart.svg')], env)).code).toBe(0);
  expect(readFileSync(path.join(out, 'chart.svg'), 'utf8').match(/<g data-item=/g)).toHaveLength(6);

  // The documents the worker stored (the small campaign's first moment is days away: one stored here as the worker would).
  const store = new FileDocumentStore(path.join(env.RECTIFY_DATA!, 'documents'));
  await store.put({ id: 'c-weekly-summary-20260306-1400', campaign: 'c', kind: 'weekly-summary', at: '2026-03-06T14:00:00+00:00', title: 'Weekly summary',
    files: { html: 'c-weekly-summary-20260306-1400.html', docx: 'c-weekly-summary-20260306-1400.docx' } }, '<p>summary</p>', Buffer.from('docx'));
  const list = await rectify(['documents', '--kind', 'weekly-summary', '--since', '2026-03-01'], env);
  expect(list.stdout).toContain('c-weekly-summary-20260306-1400');
  expect((await rectify(['documents', '--since', '2026-04-01', '--json'], env)).stdout.trim()).toBe('[]');
  expect((await rectify(['document', 'c-weekly-summary-20260306-1400', '--out', path.join(out, 'w.html')], env)).code).toBe(0);
  expect(readFileSync(path.join(out, 'w.html'), 'utf8')).toBe('<p>summary</p>');
  const none = await rectify(['document', 'nope', '--out', path.join(out, 'x.html')], env);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('no document nope');
});

test('a closed item takes an office note, and the office reopens it with a reason: in progress again, on record', async () => {
  const note = await rectify(['note', '2', '--text', 'Complaint letter checked: the fix holds', '--by', 'Office'], env);
  expect(note.stderr).toBe('');
  expect(note.stdout).toContain('note recorded');
  const noReason = await rectify(['reopen', '2', '--by', 'Office'], env);
  expect(noReason.code).toBe(2);
  expect(noReason.stderr).toContain('--reason');
  const notOwed = await rectify(['lookback', '2', '--recurred', '--note', 'Duplicates again', '--by', 'Ann Lee'], env);
  expect(notOwed.code).toBe(2);
  expect(notOwed.stderr).toContain('no look-back of this item is waiting for an answer');

  const reopened = await rectify(['reopen', '2', '--reason', 'Duplicate payments found again in the May audit', '--by', 'Office', '--json'], env);
  expect(reopened.stderr).toBe('');
  expect(json<{ state: string }>(reopened.stdout).state).toBe('inProgress');
  const again = await rectify(['reopen', '2', '--reason', 'twice', '--by', 'Office'], env);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('only a closed (已销号) or long-term (持续整改) item can be reopened (state: inProgress)');
  const history = await rectify(['history', '2'], env);
  expect(history.stdout).toMatch(/note\s+Office\s+Complaint letter checked: the fix holds/);
  expect(history.stdout).toMatch(/reopened\s+Office\s+Duplicate payments found again in the May audit/);
  expect(history.stdout).toMatch(/state\s+Office\s+closed → in progress/);
  const snap = json<ItemSnapshot>((await rectify(['history', '2', '--json'], env)).stdout);
  expect(snap.decisions.at(-1)).toMatchObject({ reopened: true, instruction: 'Duplicate payments found again in the May audit', by: 'Office' });
  // It reports again, and owes its weekly report once more.
  expect((await rectify(['report', '2', '--progress', 'Re-checking the ledgers', '--by', 'Ann Lee'], env)).code).toBe(0);
  const after = json<ItemSnapshot>((await rectify(['history', '2', '--json'], env)).stdout);
  expect(after.status.state).toBe('inProgress');
  expect(after.nextDue).toBeDefined();
});

test('bad input is refused with where and what, exit 2, no stack trace', async () => {
  const missing = await rectify(['report', '99', '--progress', 'x'], env);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no item 99');
  const percent = await rectify(['report', '1', '--progress', 'x', '--percent', 'lots'], env);
  expect(percent.code).toBe(2);
  expect(percent.stderr).toContain('--percent: not a whole number: "lots"');
  const noFile = await rectify(['validate', '/nonexistent/campaign.yaml'], env);
  expect(noFile.code).toBe(2);
  for (const r of [missing, percent, noFile]) expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('a second round naming a predecessor that does not exist, or itself, is refused (exit 2), nothing started', async () => {
  const dir = tempDir('cli-rounds');
  const seed = readFileSync(path.join(EXAMPLES, 'seed-campaign.yaml'), 'utf8');
  const round = (previous: string): string => {
    const file = path.join(dir, `round-${previous}.yaml`);
    writeFileSync(file, seed.replace('  id: wuhu-hitech-2023\n', `  id: wuhu-hitech-2024\n  previous: ${previous}\n`));
    return file;
  };
  const missing = await rectify(['start', round('no-such-round')], env);
  expect(missing.code).toBe(2);
  // (The test environment speaks English: RECTIFY_LANG; test/rounds.test.ts checks the Chinese.)
  expect(missing.stderr).toContain('round-no-such-round.yaml: campaign.previous: the previous round no-such-round does not exist');
  const itself = await rectify(['validate', round('wuhu-hitech-2024')], env);
  expect(itself.code).toBe(2);
  expect(itself.stderr).toContain('campaign.previous');
  expect(itself.stderr).toContain("this campaign's own id");
  const status = await rectify(['status', '--campaign', 'wuhu-hitech-2024'], env);
  expect(status.code).not.toBe(0);
});
