/**
 * 整改方案变更 on the real time-skipping server, mail over real SMTP: a campaign file started again with one
 * changed deadline, a new contact, an item removed and one added. Nothing changes until the change is
 * approved; then the record names the approver, those concerned are mailed, the item follows its new
 * deadline, the removed item is withdrawn (never deleted) and the documents count it honestly.
 */
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import { applyPlanChanges, comparePlan, describeComparison, nothingToChange, refusalOf } from '../runtime/plan-changes';
import { UserError } from '../runtime/user-error';
import { DeadlineKey, campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemWorkflowId } from '../workflows/messages';
import type { CampaignPlan } from '../domain/types';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const before = tinyPlan({ id: 'amend' }, 3);
const startMs = DateTime.fromISO('2023-07-10T00:00', { zone: 'Asia/Shanghai' }).toMillis();
const servers = useTimeSkippingWorker();

/** The file as the office edits it: item (1) due 21 July with a second contact, item (3) gone, item (4) new. */
const after: CampaignPlan = {
  ...before,
  items: [
    { ...before.items[0], deadline: '2023-07-21', contacts: [...before.items[0].contacts, { name: 'contact9', email: 'contact9@example.org' }] },
    before.items[1],
    { ...before.items[1], id: '(4)', key: '4', title: '事项4', contacts: [{ name: 'contact4', email: 'contact4@example.org' }] },
  ],
};

test('a changed deadline is listed and refused until approved; applied, it is recorded, mailed and followed; a removed item is withdrawn', async () => {
  const { env, mw } = servers;
  const item = (n: number) => env.client.workflow.getHandle(itemWorkflowId(before.id, String(n)));
  await mw.worker.runUntil(async () => {
    await startCampaign(env.client, before, { clockOffsetMs: startMs - (await env.currentTimeMs()) });
    expect(nothingToChange(await comparePlan(env.client, before))).toBe(true);

    const changes = await comparePlan(env.client, after);
    expect(describeComparison(changes, 'zh')).toEqual([
      '事项 (1) 事项1：整改方案有 2 处变化',
      '  联络员：contact1 <contact1@example.org> → contact1 <contact1@example.org>、contact9 <contact9@example.org>',
      '  整改时限：2023-09-28 → 2023-07-21',
      '事项 (3) 事项3（未启动）不在文件中',
    ]);
    // Without --amend, without --withdraw, without an approver: refused (exit 2), and nothing is sent.
    const refused = (o: Parameters<typeof refusalOf>[2]): string => {
      const r = refusalOf(after, changes, o);
      expect(r).toBeInstanceOf(UserError);
      expect(r!.code).toBe(2);
      return r!.message;
    };
    expect(refused({ by: '专班', lang: 'zh' })).toContain('--amend --approved-by');
    expect(refused({ by: '专班', lang: 'zh', amend: true, approvedBy: '李华' })).toContain('--withdraw');
    expect(refused({ by: '专班', lang: 'zh', amend: true, withdraw: true })).toContain('批准人');
    expect((await item(1).query(itemSnapshotQuery)).status.deadline).toBe('2023-09-28');

    // Approved: the changes, the withdrawal, then the new item as before.
    const approved = { by: '专班', lang: 'zh' as const, amend: true, withdraw: true, approvedBy: '李华' };
    expect(refusalOf(after, changes, approved)).toBeUndefined();
    expect(await applyPlanChanges(env.client, after, changes, approved)).toEqual({ amended: 1, withdrawn: 1 });
    expect(await startCampaign(env.client, after)).toMatchObject({ added: 1, known: 2 });
    // The file run again changes nothing more: the item remembers what the file said.
    expect(nothingToChange(await comparePlan(env.client, after))).toBe(true);

    const one = await item(1).query(itemSnapshotQuery);
    expect(one.status.deadline).toBe('2023-07-21');
    // Visibility follows, so status counts down to the new deadline without querying the item.
    expect((await item(1).describe()).typedSearchAttributes.get(DeadlineKey)).toBe('2023-07-21');
    expect((await item(2).describe()).typedSearchAttributes.get(DeadlineKey)).toBe('2023-09-28');
    expect(one.decisions.at(-1)).toMatchObject({ approvedBy: '李华', by: '专班', changes: [{ field: 'contacts' }, { field: 'deadline', from: '2023-09-28', to: '2023-07-21' }] });
    expect(one.log.at(-1)).toMatchObject({ what: 'amendment', by: '专班' });
    expect(one.log.at(-1)!.detail).toContain('整改时限：2023-09-28 → 2023-07-21');
    expect((await item(3).result()).state).toBe('withdrawn');

    // Two weeks of campaign time: past the new deadline.
    await env.sleep(DateTime.fromISO('2023-07-25T00:00', { zone: 'Asia/Shanghai' }).toMillis() - startMs);
    // The item follows its new deadline: warned a week before it, 督办单(红) once it passed; item (2) keeps its old one.
    const rungs = async (n: number) => (await item(n).query(itemSnapshotQuery)).escalations.map((e) => e.rung);
    expect(await rungs(1)).toEqual(expect.arrayContaining(['deadline-warning', 'deadline-passed']));
    expect(await rungs(2)).not.toContain('deadline-warning');
    expect((await item(1).query(itemSnapshotQuery)).status.overdue).toBe(true);
    // The campaign's own list agrees: the new deadline and contacts, the withdrawn item, the new one.
    const listed = await env.client.workflow.getHandle(campaignWorkflowId(before.id)).query(campaignSnapshotQuery);
    const row = (id: string) => listed.items.find((r) => r.id === id) as (typeof listed.items)[number] & { deadline: string; contacts: { email: string }[] };
    expect(row('(1)').deadline).toBe('2023-07-21');
    expect(row('(1)').contacts.map((c) => c.email)).toEqual(['contact1@example.org', 'contact9@example.org']);
    expect(row('(3)').state).toBe('withdrawn');
    expect(row('(4)').state).toBe('notStarted');
  });

  const to = (addr: string) => mw.sink.messages.filter((m) => m.to.includes(addr));
  const planMail = (addr: string) => to(addr).filter((m) => m.subject.startsWith('【整改方案变更】'));
  // The contacts learn the change and who approved it; the new contact also learns what the item is.
  expect(planMail('contact1@example.org').map((m) => m.subject)).toEqual(['【整改方案变更】示例整改：事项(1)']);
  expect(planMail('contact1@example.org')[0].text).toContain('整改时限：2023-09-28 → 2023-07-21');
  expect(planMail('contact1@example.org')[0].text).toContain('李华');
  expect(planMail('contact9@example.org')).toHaveLength(2);
  expect(planMail('contact9@example.org').map((m) => m.text).join()).toContain('您已被列为本事项的联络员');
  // The new contact's weekly reminder names the new deadline, and the deadline warning comes a week before it.
  expect(to('contact9@example.org').find((m) => m.subject.startsWith('【周报告提醒】'))?.text).toContain('(1)  事项1  整改时限 2023-07-21');
  expect(to('contact9@example.org').some((m) => m.subject.includes('到期提醒') && m.text.includes('距整改时限还有 7 天'))).toBe(true);
  // The withdrawn item's contact is told, and asked for nothing after it.
  expect(planMail('contact3@example.org').map((m) => m.text).join()).toContain('事项撤销（批准人：李华）');
  expect(to('contact3@example.org').filter((m) => m.subject.startsWith('【周报告提醒】'))).toHaveLength(0);
  // The weekly summary counts the withdrawn item apart, and says so.
  const summary = to('office@example.org').filter((m) => m.subject.startsWith('【周汇总】')).at(-1)!;
  expect(summary.text).toContain('共 3 个问题');
  expect(summary.text).toContain('另有 1 个事项已撤销，不计入。');
  const ids = mw.sink.messages.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
});
