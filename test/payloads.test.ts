/**
 * Bad update payloads sent straight to real item workflows (the time-skipping
 * server), as any client could send them: generated with fast-check — wrong
 * types, missing and unknown fields, oversized text, junk of every JSON shape —
 * and payloads valid in form but wrong for the item (its state, its record).
 * Each is refused naming the item and the field, nothing of the item changes
 * (not even its history: a refused update never enters it), and a valid one
 * sent twice with the same request id is recorded once. Corrections (更正)
 * append to the record and leave the original report as it was.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import { payloadProblems, type PayloadKind } from '../domain/payloads';
import { LIMITS } from '../domain/limits';
import { effectiveReports } from '../documents/audit';
import {
  amendItemUpdate, correctReportUpdate, dispatchUpdate, itemSnapshotQuery, noticeReplyUpdate, withdrawItemUpdate, reopenItemUpdate, lookBackUpdate, noteUpdate, announcementUpdate, carryOutUpdate, itemWorkflowId, reportUpdate, reviewCloseoutUpdate, submitCloseoutUpdate,
  type ItemSnapshot,
} from '../workflows/messages';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv, tinyPlan, workerWithMail, type MailedWorker } from './support/env';

const plan = tinyPlan({ id: 'payloads' }, 3);
const startMs = DateTime.fromISO('2023-07-12T10:00', { zone: 'Asia/Shanghai' }).toMillis();
let env: TestWorkflowEnvironment;
let mw: MailedWorker;
let running: Promise<void>;
beforeAll(async () => {
  env = await timeSkippingEnv();
  mw = await workerWithMail(env);
  running = mw.worker.run();
});
afterAll(async () => {
  mw?.worker.shutdown();
  await running;
  await mw?.sink.close();
  await env?.teardown();
});

/** Fuzz cases tried per property (the closing note counts them). */
const RUNS = { junk: 60, mutated: 150, wrongState: 20, valid: 15 };

const UPDATES = {
  report: reportUpdate, correction: correctReportUpdate, dispatch: dispatchUpdate, closeout: submitCloseoutUpdate, review: reviewCloseoutUpdate,
  amend: amendItemUpdate, withdraw: withdrawItemUpdate, noticeReply: noticeReplyUpdate, reopen: reopenItemUpdate, lookBack: lookBackUpdate, note: noteUpdate,
  announcement: announcementUpdate, carryOut: carryOutUpdate,
} as const;
const dim = (s: string) => ({ statement: s, evidence: [`${s}.pdf`] });
const VALID: Record<PayloadKind, Record<string, unknown>> = {
  report: { progress: '已印发学习制度', percent: 40, evidence: ['文件-2023-12号'], by: '联络员' },
  correction: { corrects: 2, progress: '已印发学习制度（更正）', percent: 35, by: '联络员', reason: '百分比报错' },
  dispatch: { instruction: '加快进度', by: '专班' },
  closeout: { closeout: { solved: dim('已解决'), accountability: { statement: '无需追责', evidence: [], noneNeeded: true }, similarCases: dim('已排查'), mechanism: dim('已建制度'), by: '联络员' } },
  review: { accept: false, reason: '佐证不足', by: '专班' },
  amend: { item: { ...plan.items[0], deadline: '2023-10-15' }, approvedBy: '李华', by: '专班' },
  withdraw: { reason: '并入第(2)项', approvedBy: '李华', by: '专班' },
  noticeReply: { notice: '督办〔2023〕第1号', measures: '已明确专人报送', date: '2023-08-31', by: '联络员' },
  reopen: { reason: '回头看发现问题反弹', by: '专班' },
  lookBack: { holds: false, note: '问题反弹', by: '联络员' },
  note: { text: '已电话核实', by: '专班' },
  announcement: { act: 'edit', text: '关于理论学习制度不健全的问题。整改措施：制定学习制度。整改进展：已完成整改。', by: '专班' },
  carryOut: { campaignId: 'round-two', campaignName: '第二轮巡察整改', itemId: '(1)', by: 'rectify' },
};

/** Leaves of a payload as paths, for mutations: every field of the valid payload. */
function leaves(v: unknown, p: string[] = []): string[][] {
  if (Array.isArray(v)) return [p, ...v.flatMap((x, i) => leaves(x, [...p, String(i)]))];
  if (v && typeof v === 'object') return [...(p.length ? [p] : []), ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...p, k]))];
  return [p];
}

const huge = fc.integer({ min: LIMITS.progressChars + 1, max: 200000 }).map((n) => '进'.repeat(n));
/** A value no field accepts where it stands (strings get non-strings and vice versa, numbers get bad numbers). */
const wrong = (was: unknown) => {
  if (typeof was === 'string') return fc.oneof(fc.constantFrom(null, 0, true, [], {}, '', '   ', '\u3000'), huge);
  if (typeof was === 'number') return fc.constantFrom(-1, 101, 1.5, '40', null, 1e308, [], {});
  if (typeof was === 'boolean') return fc.constantFrom('true', 1, null, []);
  if (Array.isArray(was)) return fc.oneof(fc.constantFrom('a', 3, null, {}), fc.array(fc.constantFrom('', 7, null), { minLength: 1 }),
    fc.constant(Array.from({ length: LIMITS.evidenceItems + 1 }, (_, i) => `e${i}`)));
  return fc.constantFrom('x', 1, null, [], true);
};

/** A valid payload of `kind` with one field made wrong, removed, or an unknown field added; and the field's path. */
const mutated = fc.constantFrom(...(Object.keys(VALID) as PayloadKind[])).chain((kind) => {
  // A plan change with a longer list of measures or co-units is a valid change, not a wrong field.
  const paths = leaves(VALID[kind]).filter((p) => !(kind === 'amend' && ['item.measures', 'item.coUnits'].includes(p.join('.'))));
  return fc.nat({ max: paths.length - 1 }).chain((n) => {
    const path = paths[n];
    const at = path.reduce<any>((o, k) => o?.[k], VALID[kind]);
    const inArray = /^\d+$/.test(path.at(-1)!);
    return fc.oneof(
      wrong(at).map((value) => ({ op: 'set' as const, value })),
      // An unknown field beside this one (not inside an array: JSON would drop it).
      fc.constant({ op: inArray ? 'set' as const : 'add' as const, value: inArray ? null : 'x' }),
    ).map(({ op, value }) => {
      const payload = structuredClone(VALID[kind]) as any;
      const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], payload);
      if (op === 'add') parent[`${path.at(-1)}Extra`] = value;
      else parent[path.at(-1)!] = value;
      return { kind, payload, field: op === 'add' ? path.slice(0, -1).join('.') || 'payload' : path.join('.') };
    });
  });
});

/** What the refusal says, or 'accepted'. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) return String(e.cause?.message);
    throw e;
  }
}

const { EventType } = temporal.api.enums.v1;
const TASK_EVENTS = new Set([EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]);

/**
 * What could change: the whole record, and the history's events other than workflow tasks (the
 * test server, unlike a cluster, keeps the workflow task that ran a rejecting validator).
 */
async function observed(h: WorkflowHandle): Promise<{ snap: Omit<ItemSnapshot, 'nextDue'>; events: string[] }> {
  const { nextDue: _, ...snap } = await h.query(itemSnapshotQuery);
  const events = ((await h.fetchHistory()).events ?? []).filter((e) => !TASK_EVENTS.has(e.eventType!));
  return { snap, events: events.map((e) => `${e.eventId} ${EventType[e.eventType!]}`) };
}

test('junk, mutated and misplaced payloads are refused naming item and field; nothing of the item changes', async () => {
  {
    await startCampaign(env.client, plan, { clockOffsetMs: startMs - (await env.currentTimeMs()) });
    const item = (n: number) => env.client.workflow.getHandle(itemWorkflowId(plan.id, String(n)));
    // Item 1 has a report (entry #2), item 2 is submitted for close-out, item 3 has nothing yet.
    expect((await item(1).executeUpdate(reportUpdate, { args: [VALID.report as never] })).state).toBe('inProgress');
    expect((await item(2).executeUpdate(submitCloseoutUpdate, { args: [VALID.closeout as never] })).state).toBe('submitted');
    const before = await Promise.all([1, 2, 3].map((n) => observed(item(n))));

    // Any JSON value at all, for every update.
    await fc.assert(fc.asyncProperty(fc.constantFrom(...(Object.keys(UPDATES) as PayloadKind[])), fc.jsonValue(), async (kind, value) => {
      const problems = payloadProblems(kind, JSON.parse(JSON.stringify(value ?? null)), 'zh');
      fc.pre(problems.length > 0);
      const said = await refusal(item(1).executeUpdate(UPDATES[kind] as never, { args: [value as never] }));
      expect(said).toBe(`(1): ${problems.join('; ')}`);
    }), { numRuns: RUNS.junk });

    // A valid payload with one field wrong, missing or unknown: the refusal names that field.
    await fc.assert(fc.asyncProperty(mutated, async ({ kind, payload, field }) => {
      const said = await refusal(item(1).executeUpdate(UPDATES[kind] as never, { args: [payload as never] }));
      expect(said).toMatch(/^\(1\): /);
      expect(said).toContain(field);
      expect(said.length).toBeLessThan(2000); // a huge value is named, not echoed
    }), { numRuns: RUNS.mutated });

    // Valid in form, wrong for the item: its state or its record.
    const wrongForItem: [number, PayloadKind, Record<string, unknown>, string][] = [
      [2, 'report', VALID.report, '(2): 事项已提交销号（待验收），请待审核后再报送'],
      [2, 'closeout', VALID.closeout, '(2): 事项已提交销号（待验收）'],
      [3, 'review', VALID.review, '(3): 事项不在待验收状态（当前：未启动）'],
      [1, 'review', { accept: true, by: '专班' }, '(1): 事项不在待验收状态（当前：整改中）'],
      [1, 'report', { ...VALID.report, milestoneDelivered: 0 }, '(1): 没有第 1 个节点（该事项共 0 个）'],
      [1, 'dispatch', { ...VALID.dispatch, newDeadline: '2023-09-01', approvedBy: '李华' }, '(1): 新的整改时限 2023-09-01 不晚于现时限（2023-09-28）'],
      [1, 'dispatch', { ...VALID.dispatch, newDeadline: '2023-02-30', approvedBy: '李华' }, '(1): 新的整改时限不是日期（YYYY-MM-DD）："2023-02-30"'],
      [1, 'dispatch', { ...VALID.dispatch, newDeadline: '2023-12-31' }, '(1): 延期须注明批准人（--approved-by）'],
      [1, 'correction', { ...VALID.correction, corrects: 1 }, '(1): corrects: 第 1 条记录是 started，不是进展报送：只能更正报送'],
      [1, 'correction', { ...VALID.correction, corrects: 3 }, '(1): corrects: 第 3 条记录是 state，不是进展报送：只能更正报送'],
      [1, 'correction', { ...VALID.correction, corrects: 99 }, '(1): corrects: 记录中没有第 99 条（共 3 条）'],
      [3, 'correction', { ...VALID.correction, corrects: 2 }, '(3): corrects: 记录中没有第 2 条（共 1 条）'],
      [1, 'amend', { ...VALID.amend, item: plan.items[0] }, '(1): 整改方案没有变化'],
      [1, 'amend', { ...VALID.amend, item: { ...plan.items[1], deadline: '2023-10-15' } }, '(1): 变更的是另一个事项（(2)）'],
      [1, 'noticeReply', VALID.noticeReply, '(1): notice: 本事项没有督办单 督办〔2023〕第1号（没有待回复的督办单）'],
      [1, 'noticeReply', { ...VALID.noticeReply, date: '2023-02-30' }, '(1): date: 不是日期（YYYY-MM-DD）："2023-02-30"'],
      [1, 'reopen', VALID.reopen, '(1): 只有已销号或持续整改的事项可以重新打开（当前：整改中）'],
      [1, 'lookBack', VALID.lookBack, '(1): 该事项没有待答复的回头看'],
      [3, 'announcement', { act: 'approve', by: '专班' }, '(3): 事项(3)还没有公示稿，请先起草（rectify announcement draft）或撰写（rectify announcement edit）'],
      [1, 'announcement', { act: 'draft', text: '自拟', by: '专班' }, '(1): text: 起草和审定不带内容（修改请用 announcement edit）'],
      [1, 'carryOut', { ...VALID.carryOut, campaignId: plan.id }, '(1): campaignId: 不能转入本轮自己'],
    ];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...wrongForItem), fc.uuid(), async ([n, kind, payload, expected], requestId) => {
      const withId = kind === 'review' ? payload : { ...payload, requestId };
      expect(await refusal(item(n).executeUpdate(UPDATES[kind] as never, { args: [withId as never] }))).toBe(expected);
    }), { numRuns: RUNS.wrongState });

    // No half-done: every record as it was, and not one event more in any history.
    expect(await Promise.all([1, 2, 3].map((n) => observed(item(n))))).toEqual(before);

    // The wrong item: no such workflow.
    await expect(env.client.workflow.getHandle(itemWorkflowId(plan.id, '99')).executeUpdate(reportUpdate, { args: [VALID.report as never] }))
      .rejects.toBeInstanceOf(WorkflowNotFoundError);
  }
});

test('a valid report or correction sent twice with one request id is recorded once; the corrected report stays as it was', async () => {
  {
    const h = env.client.workflow.getHandle(itemWorkflowId(plan.id, '3'));
    const text = (maxLength: number) => fc.string({ minLength: 1, maxLength }).filter((s) => s.trim().length > 0);
    const report = fc.record({
      progress: text(300), percent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      evidence: fc.option(fc.array(text(100), { maxLength: 3 }), { nil: undefined }), by: text(50), requestId: fc.uuid(),
    });
    await fc.assert(fc.asyncProperty(report, async (r) => {
      const before = (await h.query(itemSnapshotQuery)).reports.length;
      const first = await h.executeUpdate(reportUpdate, { args: [r] });
      const again = await h.executeUpdate(reportUpdate, { args: [r] });
      expect(again).toEqual(first);
      const after = await h.query(itemSnapshotQuery);
      expect(after.reports.length).toBe(before + 1);
      expect(after.reports.at(-1)).toMatchObject({ progress: r.progress, by: r.by, evidence: r.evidence ?? [] });
    }), { numRuns: RUNS.valid });

    // Correct the first report (entry #2): the report stays, a correction entry names it, documents read the corrected text.
    const snap = await h.query(itemSnapshotQuery);
    const original = snap.reports[0];
    expect(snap.log[1]).toMatchObject({ what: 'report', by: original.by });
    const fix = { corrects: 2, progress: '第一次报送应为：已印发学习制度', percent: 10, reason: '报错了事项', by: '周洁', requestId: 'fix-1' };
    const answer = await h.executeUpdate(correctReportUpdate, { args: [fix] });
    expect(answer.message).toBe('已记录更正（更正第 2 条记录；原记录保留）');
    expect((await h.executeUpdate(correctReportUpdate, { args: [fix] })).message).toBe(answer.message);
    const corrected = await h.query(itemSnapshotQuery);
    expect(corrected.reports).toEqual(snap.reports);
    expect(corrected.log.slice(0, snap.log.length)).toEqual(snap.log);
    expect(corrected.log.slice(snap.log.length)).toEqual([
      expect.objectContaining({ what: 'correction', by: '周洁', corrects: 2, detail: 'corrects #2: 10% 第一次报送应为：已印发学习制度 (报错了事项)' }),
    ]);
    expect(corrected.corrections).toEqual([expect.objectContaining({ corrects: 2, report: 0, progress: fix.progress, percent: 10 })]);
    // The item's percent follows the correction only when no later report gave one.
    const later = snap.reports.slice(1).some((r) => r.percent !== undefined);
    expect(corrected.status.percent).toBe(later ? snap.status.percent : 10);
    const effective = effectiveReports(corrected.reports, corrected.corrections);
    expect(effective[0]).toMatchObject({ progress: fix.progress, percent: 10, corrected: { by: '周洁', corrects: 2, reason: '报错了事项' } });
    expect(effective.slice(1)).toEqual(corrected.reports.slice(1));
    // A correction of the correction corrects the same report.
    const entry = corrected.log.length;
    await h.executeUpdate(correctReportUpdate, { args: [{ corrects: entry, progress: '再次更正', by: '周洁' }] });
    const twice = await h.query(itemSnapshotQuery);
    expect(twice.corrections?.at(-1)).toMatchObject({ corrects: entry, report: 0 });
    expect(effectiveReports(twice.reports, twice.corrections)[0].progress).toBe('再次更正');
  }
});

test('公示稿: drafted from the close-out (问题解决 and its evidence first), approved, edited back to a draft; who and when on record', async () => {
  const h = env.client.workflow.getHandle(itemWorkflowId(plan.id, '2'));
  const drafted = await h.executeUpdate(announcementUpdate, { args: [{ act: 'draft', by: '吴敏', requestId: 'ann-1' }] });
  expect(drafted.message).toBe('已起草公示稿，待审定');
  const text = (await h.query(itemSnapshotQuery)).announcement!;
  // Item 2 was submitted with VALID.closeout: 已解决 (已解决.pdf), no accountability needed, 已排查, 已建制度.
  expect(text).toMatchObject({ status: 'draft', source: 'drafted', by: '吴敏' });
  expect(text.text).toBe('关于事项2的问题。整改措施：措施。整改进展：已完成整改，正在验收。已解决（见已解决.pdf）。已排查（见已排查.pdf）。已建制度（见已建制度.pdf）。');
  expect((await h.executeUpdate(announcementUpdate, { args: [{ act: 'approve', by: '李华', requestId: 'ann-2' }] })).message).toBe('公示稿已审定，发布公示时采用');
  expect((await h.query(itemSnapshotQuery)).announcement).toMatchObject({ status: 'approved', text: text.text, approvedBy: '李华' });
  await expect(refusal(h.executeUpdate(announcementUpdate, { args: [{ act: 'approve', by: '李华' }] })))
    .resolves.toBe('(2): 公示稿已由李华审定；如需修改，请用 announcement edit（修改后须重新审定）');
  const edited = await h.executeUpdate(announcementUpdate, { args: [{ act: 'edit', text: '关于事项2的问题。已完成整改。', by: '吴敏', requestId: 'ann-3' }] });
  expect(edited.message).toBe('已修改公示稿，待审定（原由李华审定的公示稿已被替换，须重新审定）');
  const after = await h.query(itemSnapshotQuery);
  expect(after.announcement).toEqual(expect.objectContaining({ status: 'draft', source: 'edited', text: '关于事项2的问题。已完成整改。', by: '吴敏' }));
  expect(after.announcement!.approvedBy).toBeUndefined();
  expect(after.log.filter((e) => e.what === 'announcement').map((e) => [e.by, e.detail.slice(0, 6)])).toEqual([['吴敏', '起草公示稿：'], ['李华', '审定公示稿：'], ['吴敏', '修改公示稿：']]);
  // An item without a close-out: the draft says the work goes on and the answer says why (no state tags either way).
  const open = await env.client.workflow.getHandle(itemWorkflowId(plan.id, '1')).executeUpdate(announcementUpdate, { args: [{ act: 'draft', by: '吴敏' }] });
  expect(open.message).toContain('该事项尚未提交销号申请');
  const draft = (await env.client.workflow.getHandle(itemWorkflowId(plan.id, '1')).query(itemSnapshotQuery)).announcement!.text;
  expect(draft).toMatch(/^关于事项1的问题。整改措施：措施。整改进展：正在整改，已完成约40%。已印发学习制度。/);
  expect(draft).not.toMatch(/（整改中|进度 \d/);
});
