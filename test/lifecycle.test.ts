/**
 * An item's lifecycle on the real time-skipping server, mail over real SMTP:
 * close-out on four dimensions, return and resume, acceptance that stops
 * every reminder, dispatch decisions with extensions.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import {
  dispatchUpdate, itemSnapshotQuery, itemWorkflowId, reportUpdate, reviewCloseoutUpdate, submitCloseoutUpdate, type CloseoutInput,
} from '../workflows/messages';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const plan = tinyPlan({ id: 'lifecycle' }, 3);
const startMs = DateTime.fromISO('2023-07-10T00:00', { zone: 'Asia/Shanghai' }).toMillis();
const dim = (statement: string) => ({ statement, evidence: [`${statement}.pdf`] });
const fullCloseout = (): CloseoutInput => ({
  closeout: {
    solved: dim('制定学习制度并执行'), accountability: { statement: '系制度缺失所致，无需追责', evidence: [], noneNeeded: true },
    similarCases: dim('排查同类制度'), mechanism: dim('印发理论学习中心组学习制度'), by: '联络员',
  },
});

/** The engine's refusal as a person reads it (the update failure's cause). */
const refusal = (p: Promise<unknown>): Promise<string> => p.then(
  () => 'accepted',
  (e: unknown) => (e instanceof WorkflowUpdateFailedError ? String(e.cause?.message) : `unexpected: ${String(e)}`),
);

const servers = useTimeSkippingWorker();

test('close-out: incomplete refused, return resumes work, acceptance stops every reminder; dispatch extends the deadline', async () => {
  const { env, mw } = servers;
  await mw.worker.runUntil(async () => {
    const offset = startMs - (await env.currentTimeMs());
    await startCampaign(env.client, plan, { clockOffsetMs: offset });
    const item = (n: number) => env.client.workflow.getHandle(itemWorkflowId(plan.id, String(n)));

    // A submission missing a dimension is refused, naming it; nothing changes.
    const incomplete = fullCloseout();
    incomplete.closeout.mechanism = { statement: '', evidence: [] };
    expect(await refusal(item(1).executeUpdate(submitCloseoutUpdate, { args: [incomplete] }))).toBe('(1): closeout.mechanism.statement: 不能为空');
    const noEvidence = fullCloseout();
    noEvidence.closeout.similarCases = { statement: '排查同类', evidence: [] };
    expect(await refusal(item(1).executeUpdate(submitCloseoutUpdate, { args: [noEvidence] }))).toBe('(1): 销号材料不完整：举一反三：未附佐证材料');
    expect((await item(1).query(itemSnapshotQuery)).status.state).toBe('notStarted');

    // Item 1: submitted, then accepted → closed; its workflow runs on for its look-backs (回头看, 3 and 6 months on).
    expect((await item(1).executeUpdate(submitCloseoutUpdate, { args: [fullCloseout()] })).state).toBe('submitted');
    const accepted = await item(1).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: true, by: '专班办公室' }] });
    expect(accepted.state).toBe('closed');
    expect((await item(1).query(itemSnapshotQuery)).status).toMatchObject({ state: 'closed', following: true });

    // Item 2: submitted, returned with a reason → 已退回; the next report puts it back in progress.
    await item(2).executeUpdate(submitCloseoutUpdate, { args: [fullCloseout()] });
    expect(await refusal(item(2).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: false, by: '专班办公室' }] }))).toBe('(2): 退回须说明原因');
    expect((await item(2).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: false, reason: '佐证材料不足', by: '专班办公室' }] })).state).toBe('returned');
    expect(await refusal(item(2).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: true, by: '专班办公室' }] }))).toBe('(2): 事项不在待验收状态（当前：已退回）');
    expect((await item(2).executeUpdate(reportUpdate, { args: [{ progress: '补充佐证材料', percent: 80, by: 'contact2' }] })).state).toBe('inProgress');

    // Item 3: an extension needs an approver and a later date; granted, it counts.
    expect(await refusal(item(3).executeUpdate(dispatchUpdate, { args: [{ instruction: '延期', newDeadline: '2023-10-31', by: '专班' }] })))
      .toBe('(3): 延期须注明批准人（--approved-by）');
    expect(await refusal(item(3).executeUpdate(dispatchUpdate, { args: [{ instruction: '延期', newDeadline: '2023-09-01', approvedBy: '李华', by: '专班' }] })))
      .toBe('(3): 新的整改时限 2023-09-01 不晚于现时限（2023-09-28）');
    expect(await refusal(item(3).executeUpdate(reportUpdate, { args: [{ progress: 'x'.repeat(5000), by: 'contact3' }] }))).toBe('(3): progress: 最多 4000 个字符');
    const extended = await item(3).executeUpdate(dispatchUpdate, { args: [{ instruction: '加快进度，延期一个月', newDeadline: '2023-10-31', approvedBy: '李华', by: '专班' }] });
    expect(extended.message).toContain('2023-10-31');
    const snap3 = await item(3).query(itemSnapshotQuery);
    expect(snap3.status.deadline).toBe('2023-10-31');
    expect(snap3.status.extensions).toBe(1);
    expect(snap3.decisions[0].approvedBy).toBe('李华');

    // Two weeks of campaign time.
    await env.sleep(DateTime.fromISO('2023-07-25T00:00', { zone: 'Asia/Shanghai' }).toMillis() - startMs);
  });

  const to = (addr: string) => mw.sink.messages.filter((m) => m.to.includes(addr));
  const reminders = (addr: string) => to(addr).filter((m) => m.subject.startsWith('【周报告提醒】'));
  // Accepted before the first reminder: contact1 never gets one. contact2 already reported for the
  // first week, so only the second week's reminder; contact3 one a week. Each names the due time.
  expect(reminders('contact1@example.org')).toHaveLength(0);
  expect(reminders('contact2@example.org').map((m) => m.subject)).toEqual(['【周报告提醒】示例整改：请于 2023年7月21日（周五）12:00 前报送整改进展']);
  expect(reminders('contact3@example.org').map((m) => m.headers['x-rectify-moment'])).toEqual([
    'digest:2023-07-13T12:00:00+08:00', 'digest:2023-07-20T12:00:00+08:00',
  ]);
  // The review and the decision reached the contacts.
  expect(to('contact1@example.org').some((m) => m.subject.startsWith('【销号审核】'))).toBe(true);
  expect(to('contact2@example.org').filter((m) => m.subject.startsWith('【销号审核】')).map((m) => m.text).join()).toContain('佐证材料不足');
  expect(to('contact3@example.org').some((m) => m.subject.startsWith('【调度决定】') && m.text.includes('2023-10-31') && m.text.includes('李华'))).toBe(true);
  // Nobody gets the same message twice.
  const ids = mw.sink.messages.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
});

test('the working group\'s documents come as HTML and .docx attachments, stored once each, with the item records in them', async () => {
  const { mw } = servers;
  const office = mw.sink.messages.filter((m) => m.to.includes('office@example.org') && /^【(周汇总|旬调度单)】/.test(m.subject));
  expect(office.filter((m) => m.subject.startsWith('【周汇总】'))).toHaveLength(2);
  expect(office.filter((m) => m.subject.startsWith('【旬调度单】'))).toHaveLength(2);
  for (const m of office) {
    expect(m.attachments.map((a) => a.contentType.split(';')[0]).sort()).toEqual([
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/html']);
    expect(m.text).toContain('完整文件见附件');
  }
  const stored = await mw.documents.list('lifecycle');
  expect(stored.map((d) => d.kind).sort()).toEqual(expect.arrayContaining(['weekly-summary', 'dispatch-sheet']));
  expect(stored.filter((d) => d.kind !== 'inspection')).toHaveLength(office.length);
  // The dispatch sheet of 20 July carries item 3's decision (read from its record) and whether it was carried out.
  const sheet = office.find((m) => m.subject.startsWith('【旬调度单】') && m.subject.includes('7月20日'))!;
  const html = sheet.attachments.find((a) => a.contentType.startsWith('text/html'))!.content.toString('utf8');
  expect(html).toContain('加快进度，延期一个月');
  expect(html).toContain('未落实');
  // The weekly summary of 21 July gives item 2's latest report (of the week before: it is listed as not reported).
  const summary = office.find((m) => m.subject.startsWith('【周汇总】') && m.subject.includes('7月21日'))!;
  expect(summary.attachments.find((a) => a.contentType.startsWith('text/html'))!.content.toString('utf8')).toContain('补充佐证材料');
});
