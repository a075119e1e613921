/**
 * 督促升级: which rungs of the escalation ladder a moment fires (rungsAt), which a report, a submission or an
 * extension stops (causeGone), and what kind of notice each level sends (noticeKind).
 *
 * Rows read "what happened → which rungs fire, in which cycle, and why". A rung fires once per item and cycle, so
 * the cycle is part of the answer: `w3` is weekly cycle 3, `d0` the deadline before any extension (`d1` after one),
 * `m0.0` the first milestone before any extension, `i2026-03` the March inspection.
 */
import { causeGone, noticeKind, rungsAt } from '../../domain/rules';
import type { RungContext } from '../../domain/triggers';
import { DEFAULT_LADDER } from '../../domain/schema';
import type { ItemState, Moment, Rung } from '../../domain/types';
import type { Language } from '../../domain/i18n';
import { itemMoments } from '../../domain/calendar';
import { at, customRung, defaultRung, moment, settings } from './support';

/** Nothing to report: an item in progress that has reported, on plan, no milestone delivered, never extended. */
const QUIET: Omit<RungContext, 'moment'> = {
  state: 'inProgress', missedInARow: 0, reportStillMissing: false, behindPlan: 0, redInspections: 0,
  milestoneDelivered: false, extensions: 0, reportedThisCycle: false,
};

/** "rung @ cycle: reason" for each rung fired. */
function fired(ladder: Rung[], m: Moment, ctx: Partial<RungContext>, lang: Language = 'en'): string[] {
  return rungsAt(ladder, { ...QUIET, ...ctx, moment: m }, lang).map((f) => `${f.rung.id} @ ${f.cycle}: ${f.reason}`);
}

const due = (cycle = 3): Moment => moment('due', '2026-03-20 12:00', { cycle });
const followup = (n: number, cycle = 3): Moment => moment('followup', '2026-03-25 12:00', { n, cycle });
const deadlineWarning = (n: number, workingDays = false): Moment => moment('deadlineWarning', '2026-06-23 12:00', { n, workingDays });
const deadline = (): Moment => moment('deadline', '2026-07-01 08:30');
const deadlineLate = (n: number): Moment => moment('deadlineLate', '2026-07-15 08:30', { n });
const milestoneWarning = (n: number, milestone: number, workingDays = false): Moment => moment('milestoneWarning', '2026-04-27 12:00', { n, milestone, workingDays });
const milestone = (i: number): Moment => moment('milestone', '2026-05-01 08:30', { milestone: i });
const inspection = (): Moment => moment('inspection', '2026-03-31 17:00');
const replyDue = (rung: string): Moment => ({ ...moment('replyDue', '2026-03-26 08:30'), rung, number: '督办〔2026〕第1号' });

type Row = [string, Moment, Partial<RungContext>, string[]];

describe('rungsAt with the default ladder (DOMAIN.md)', () => {
  test.each<Row>([
    // Weekly due time (周报告截止)
    ['report in this week, on plan → nothing', due(), { reportedThisCycle: true }, []],
    ['one report missed → chase (催办) to contact and unit head', due(), { missedInARow: 1 }, ['chase @ w3: missed 1 weekly report(s) in a row']],
    ['two reports missed in a row → chase again (the 督办单(红) comes from the 督办单(黄) going unanswered, not from the count)', due(), { missedInARow: 2 }, [
      'chase @ w3: missed 2 weekly report(s) in a row']],
    ['three missed → chase only', due(), { missedInARow: 3 }, ['chase @ w3: missed 3 weekly report(s) in a row']],
    ['four missed → chase only', due(4), { missedInARow: 4 }, ['chase @ w4: missed 4 weekly report(s) in a row']],
    ['reported but 30 points behind plan → chase for lagging', due(), { reportedThisCycle: true, behindPlan: 30 }, ['behind-plan @ w3: 30 points behind plan (序时进度)']],
    ['reported, 45 points behind plan → chase for lagging', due(), { reportedThisCycle: true, behindPlan: 45 }, ['behind-plan @ w3: 45 points behind plan (序时进度)']],
    ['reported, 29 points behind plan → nothing', due(), { reportedThisCycle: true, behindPlan: 29 }, []],
    ['not reported and behind plan → only the missed report counts', due(), { missedInARow: 1, behindPlan: 40 }, ['chase @ w3: missed 1 weekly report(s) in a row']],
    ['a due moment without a cycle counts as cycle 0', { ...due(), cycle: undefined }, { missedInARow: 1 }, ['chase @ w0: missed 1 weekly report(s) in a row']],
    // Follow-up after a missed due time (逾期跟踪)
    ['report still missing 3 working days after its due time → supervision notice (督办单 黄) to the leader', followup(3), { reportStillMissing: true }, [
      'supervision @ w3: weekly report still missing 3 working day(s) after its due time']],
    ['follow-up, but the report came in since → nothing', followup(3), { reportStillMissing: false }, []],
    ['a follow-up after 2 working days: no rung of the default ladder waits 2 → nothing', followup(2), { reportStillMissing: true }, []],
    // Deadline (整改时限)
    ['7 days before the deadline → deadline reminder (到期提醒)', deadlineWarning(7), {}, ['deadline-warning @ d0: deadline in 7 day(s)']],
    ['7 days before a deadline extended once → the reminder again, for the new deadline', deadlineWarning(7), { extensions: 1 }, ['deadline-warning @ d1: deadline in 7 day(s)']],
    ['7 working days before the deadline: the default reminder counts calendar days → nothing', deadlineWarning(7, true), {}, []],
    ['3 days before the deadline: no rung at 3 → nothing', deadlineWarning(3), {}, []],
    ['deadline passed without a submission → the working group (督办单 红)', deadline(), {}, ['deadline-passed @ d0: deadline passed without a close-out submission']],
    ['deadline passed 10 working days ago: the committee hears when the 督办单(红) goes unanswered → nothing', deadlineLate(10), {}, []],
    // 督办单 not answered by the reply deadline (限期回复): the ladder climbs, once per notice
    ['the 督办单(黄) unanswered → the working group (督办单 红)', replyDue('supervision'), {}, ['working-group @ n督办〔2026〕第1号: 督办〔2026〕第1号 not answered by its reply deadline']],
    ['the deadline 督办单(红) unanswered → the committee', replyDue('deadline-passed'), {}, ['committee @ n督办〔2026〕第1号: 督办〔2026〕第1号 not answered by its reply deadline']],
    ["the working group's 督办单(红) unanswered → the committee", replyDue('working-group'), {}, ['committee @ n督办〔2026〕第1号: 督办〔2026〕第1号 not answered by its reply deadline']],
    ["the committee's 督办单 unanswered: the top of the ladder → nothing", replyDue('committee'), {}, []],
    ['deadline passed 5 working days ago: no rung at 5 → nothing', deadlineLate(5), {}, []],
    // Milestones (节点)
    ['first milestone passed undelivered → chase', milestone(0), {}, ['milestone-missed @ m0.0: milestone 1 passed undelivered']],
    ['second milestone passed undelivered, deadline extended once → chase, cycle m1.1', milestone(1), { extensions: 1 }, ['milestone-missed @ m1.1: milestone 2 passed undelivered']],
    ['milestone passed, delivered → nothing', milestone(0), { milestoneDelivered: true }, []],
    ['3 days before a milestone: the default ladder has no milestone warning → nothing', milestoneWarning(3, 0), {}, []],
    // Monthly inspection (月督查)
    ['red at two inspections in a row → the committee', inspection(), { redInspections: 2 }, ['committee-red @ i2026-03: red at 2 monthly inspection(s) in a row']],
    ['red at three inspections in a row → the committee', inspection(), { redInspections: 3 }, ['committee-red @ i2026-03: red at 3 monthly inspection(s) in a row']],
    ['red at one inspection → nothing yet', inspection(), { redInspections: 1 }, []],
    // Campaign moments carry no item trigger
    ['the reminder digest before the due time → nothing', moment('reminder', '2026-03-19 12:00', { cycle: 3 }), { missedInARow: 1 }, []],
    ['the weekly summary → nothing', moment('summary', '2026-03-20 14:00', { cycle: 3 }), { missedInARow: 1 }, []],
    ['the dekad dispatch (旬调度) → nothing', moment('dispatch', '2026-03-20 09:00'), { missedInARow: 1 }, []],
  ])('%s', (_case, m, ctx, expected) => {
    expect(fired(DEFAULT_LADDER, m, ctx)).toEqual(expected);
  });
});

describe('rungsAt: items out of the chase fire nothing, items still reporting do', () => {
  const worst: Partial<RungContext> = { missedInARow: 2, reportStillMissing: true, redInspections: 2 };
  test.each<[string, ItemState, Moment, number]>([
    ['submitted (待验收), two reports missed', 'submitted', due(), 0],
    ['submitted, deadline passed', 'submitted', deadline(), 0],
    ['closed (已销号), red at inspections', 'closed', inspection(), 0],
    ['closed, milestone passed', 'closed', milestone(0), 0],
    ['kept up long-term (持续整改), two reports missed', 'continuing', due(), 0],
    ['kept up long-term, deadline passed', 'continuing', deadline(), 0],
    ['not started (未启动), two reports missed', 'notStarted', due(), 1],
    ['returned (已退回), two reports missed', 'returned', due(), 1],
    ['submitted, a 督办单 unanswered', 'submitted', replyDue('supervision'), 0],
    ['in progress, a 督办单 unanswered', 'inProgress', replyDue('supervision'), 1],
    ['returned, report still missing at the follow-up', 'returned', followup(3), 1],
    ['in progress, deadline passed', 'inProgress', deadline(), 1],
  ])('%s → %d rung(s)', (_case, state, m, count) => {
    expect(fired(DEFAULT_LADDER, m, { ...worst, state })).toHaveLength(count);
  });
});

describe("rungsAt with a campaign's own rungs", () => {
  test.each<[string, Rung, Moment, Partial<RungContext>, string[]]>([
    ['missedReports 3: three missed → fires', customRung('r', { missedReports: 3 }), due(), { missedInARow: 3 }, ['r @ w3: missed 3 weekly report(s) in a row']],
    ['missedReports 3: four missed → nothing', customRung('r', { missedReports: 3 }), due(), { missedInARow: 4 }, []],
    ['missedReports 3: six missed (its repetition at 2N) → fires again', customRung('r', { missedReports: 3 }), due(6), { missedInARow: 6 }, ['r @ w6: missed 6 weekly report(s) in a row']],
    ['missedReports 3: two missed → nothing yet', customRung('r', { missedReports: 3 }), due(), { missedInARow: 2 }, []],
    ['behindPlanPoints 10: reported 10 points behind → fires', customRung('r', { behindPlanPoints: 10 }), due(), { reportedThisCycle: true, behindPlan: 10 }, ['r @ w3: 10 points behind plan (序时进度)']],
    ['behindPlanPoints 10: ahead of plan → nothing', customRung('r', { behindPlanPoints: 10 }), due(), { reportedThisCycle: true, behindPlan: -20 }, []],
    ['missedForWorkingDays 1: still missing the next working day → fires', customRung('r', { missedForWorkingDays: 1 }), followup(1, 5), { reportStillMissing: true }, [
      'r @ w5: weekly report still missing 1 working day(s) after its due time']],
    ['missedForWorkingDays 1: the follow-up after 3 working days is not its own → nothing', customRung('r', { missedForWorkingDays: 1 }), followup(3), { reportStillMissing: true }, []],
    ['beforeDeadlineDays 3: 3 days before → fires', customRung('r', { beforeDeadlineDays: 3 }, 'reminder'), deadlineWarning(3), {}, ['r @ d0: deadline in 3 day(s)']],
    ['beforeDeadlineDays 3: 3 working days before → nothing', customRung('r', { beforeDeadlineDays: 3 }, 'reminder'), deadlineWarning(3, true), {}, []],
    ['beforeDeadlineWorkingDays 3: 3 working days before → fires', customRung('r', { beforeDeadlineWorkingDays: 3 }, 'reminder'), deadlineWarning(3, true), {}, ['r @ d0: deadline in 3 working day(s)']],
    ['beforeDeadlineWorkingDays 3: 3 calendar days before → nothing', customRung('r', { beforeDeadlineWorkingDays: 3 }, 'reminder'), deadlineWarning(3), {}, []],
    ['beforeDeadlineWorkingDays 3: 5 working days before → nothing', customRung('r', { beforeDeadlineWorkingDays: 3 }, 'reminder'), deadlineWarning(5, true), {}, []],
    ['deadlinePassedWorkingDays 0: the deadline passes → fires', customRung('r', { deadlinePassedWorkingDays: 0 }), deadline(), {}, ['r @ d0: deadline passed without a close-out submission']],
    ['deadlinePassedWorkingDays 0: 5 working days late → nothing more', customRung('r', { deadlinePassedWorkingDays: 0 }), deadlineLate(5), {}, []],
    ['deadlinePassedWorkingDays 5: 5 working days late → fires', customRung('r', { deadlinePassedWorkingDays: 5 }), deadlineLate(5), {}, ['r @ d0: deadline passed 5 working day(s) ago']],
    ['deadlinePassedWorkingDays 5: the deadline itself → nothing', customRung('r', { deadlinePassedWorkingDays: 5 }), deadline(), {}, []],
    ['beforeMilestoneDays 5: 5 days before the second milestone → fires', customRung('r', { beforeMilestoneDays: 5 }, 'reminder'), milestoneWarning(5, 1), {}, ['r @ m1.0: milestone 2 in 5 day(s)']],
    ['beforeMilestoneDays 5: that milestone already delivered → nothing', customRung('r', { beforeMilestoneDays: 5 }, 'reminder'), milestoneWarning(5, 1), { milestoneDelivered: true }, []],
    ['beforeMilestoneDays 5: 5 working days before → nothing', customRung('r', { beforeMilestoneDays: 5 }, 'reminder'), milestoneWarning(5, 1, true), {}, []],
    ['beforeMilestoneWorkingDays 2: 2 working days before the first milestone → fires', customRung('r', { beforeMilestoneWorkingDays: 2 }, 'reminder'), milestoneWarning(2, 0, true), {}, ['r @ m0.0: milestone 1 in 2 working day(s)']],
    ['beforeMilestoneWorkingDays 2: after one extension → cycle m0.1', customRung('r', { beforeMilestoneWorkingDays: 2 }, 'reminder'), milestoneWarning(2, 0, true), { extensions: 1 }, ['r @ m0.1: milestone 1 in 2 working day(s)']],
    ['beforeMilestoneWorkingDays 2: delivered → nothing', customRung('r', { beforeMilestoneWorkingDays: 2 }, 'reminder'), milestoneWarning(2, 0, true), { milestoneDelivered: true }, []],
    ['milestonePassed on a deadline → nothing (milestones only)', customRung('r', { milestonePassed: true }), deadline(), {}, []],
    ['redAtInspections 1: red at one inspection → fires', customRung('r', { redAtInspections: 1 }, 'committee'), inspection(), { redInspections: 1 }, ['r @ i2026-03: red at 1 monthly inspection(s) in a row']],
    ['redAtInspections 1: not red → nothing', customRung('r', { redAtInspections: 1 }, 'committee'), inspection(), { redInspections: 0 }, []],
  ])('%s', (_case, rung, m, ctx, expected) => {
    expect(fired([rung], m, ctx)).toEqual(expected);
  });

  it('fires the rungs in the order of the ladder', () => {
    const ladder = [customRung('second', { missedReports: 2 }), customRung('first', { missedReports: 1 })];
    expect(fired(ladder, due(), { missedInARow: 2 }).map((f) => f.split(' ')[0])).toEqual(['second', 'first']);
  });
});

describe('rungsAt: reasons in Chinese (the campaign language zh)', () => {
  // The wording as mailed: calendar days read "7 天", working days "3 个工作日".
  test.each<[string, string, Rung, Moment, Partial<RungContext>]>([
    ['missed reports', '连续 2 周未报送进展', defaultRung('chase'), due(), { missedInARow: 2 }],
    ['behind plan', '落后序时进度 35 个百分点', defaultRung('behind-plan'), due(), { reportedThisCycle: true, behindPlan: 35 }],
    ['still missing', '周报告逾期 3 个工作日仍未报送', defaultRung('supervision'), followup(3), { reportStillMissing: true }],
    ['deadline in days', '距整改时限还有 7 天', defaultRung('deadline-warning'), deadlineWarning(7), {}],
    ['deadline in working days', '距整改时限还有 3 个工作日', customRung('r', { beforeDeadlineWorkingDays: 3 }), deadlineWarning(3, true), {}],
    ['deadline passed', '已超过整改时限，尚未提交销号', defaultRung('deadline-passed'), deadline(), {}],
    ['deadline late', '超过整改时限已 10 个工作日', customRung('late', { deadlinePassedWorkingDays: 10 }), deadlineLate(10), {}],
    ['notice unanswered', '督办〔2026〕第1号逾期未回复', defaultRung('working-group'), replyDue('supervision'), {}],
    ['milestone in days', '距第 2 个节点还有 5 天', customRung('r', { beforeMilestoneDays: 5 }), milestoneWarning(5, 1), {}],
    ['milestone in working days', '距第 1 个节点还有 2 个工作日', customRung('r', { beforeMilestoneWorkingDays: 2 }), milestoneWarning(2, 0, true), {}],
    ['milestone passed', '第 1 个节点已过期未完成', defaultRung('milestone-missed'), milestone(0), {}],
    ['red at inspections', '连续 2 次月督查为红灯', defaultRung('committee-red'), inspection(), { redInspections: 2 }],
  ])('%s → %s', (_case, reason, rung, m, ctx) => {
    expect(rungsAt([rung], { ...QUIET, ...ctx, moment: m }, 'zh').map((f) => f.reason)).toEqual([reason]);
  });
});

describe('causeGone: which open escalations an event resolves', () => {
  type Event = 'report' | 'submitted' | 'extended';
  const rows: [string, Rung, Record<Event, boolean>][] = [
    ['deadline reminder (7 days before)', defaultRung('deadline-warning'), { report: false, submitted: true, extended: true }],
    ['chase for a missed report', defaultRung('chase'), { report: true, submitted: true, extended: false }],
    ['chase for lagging behind plan', defaultRung('behind-plan'), { report: true, submitted: true, extended: false }],
    ['chase for a missed milestone', defaultRung('milestone-missed'), { report: false, submitted: true, extended: true }],
    ['supervision notice for a report still missing', defaultRung('supervision'), { report: true, submitted: true, extended: false }],
    ['working group for a 督办单(黄) unanswered (a late reply to it ends it)', defaultRung('working-group'), { report: false, submitted: true, extended: false }],
    ['working group for the deadline passed', defaultRung('deadline-passed'), { report: false, submitted: true, extended: true }],
    ['committee for a 督办单(红) unanswered', defaultRung('committee'), { report: false, submitted: true, extended: false }],
    ['committee for red at two inspections', defaultRung('committee-red'), { report: false, submitted: true, extended: false }],
    ['a reminder 3 working days before the deadline', customRung('r', { beforeDeadlineWorkingDays: 3 }), { report: false, submitted: true, extended: true }],
    ['a reminder 5 days before a milestone', customRung('r', { beforeMilestoneDays: 5 }), { report: false, submitted: true, extended: true }],
    ['a reminder 2 working days before a milestone', customRung('r', { beforeMilestoneWorkingDays: 2 }), { report: false, submitted: true, extended: true }],
  ];
  test.each(rows.flatMap(([name, rung, by]) => (['report', 'submitted', 'extended'] as Event[]).map((e) => [name, e, by[e], rung] as const)))(
    '%s, after a %s → resolved: %s',
    (_name, event, resolved, rung) => {
      expect(causeGone(rung, event)).toBe(resolved);
    },
  );
});

describe('noticeKind: what kind of notice a level sends', () => {
  test.each<[Rung['level'], string]>([
    ['reminder', 'warning'],
    ['chase', 'chase'],
    ['supervision', 'escalation'],
    ['working-group', 'escalation'],
    ['committee', 'escalation'],
  ])('%s → %s', (level, kind) => {
    expect(noticeKind(level)).toBe(kind);
  });
});

describe("rungsAt on the calendar's own moments: one item, every trigger, the official calendar of autumn 2026", () => {
  // Deadline Friday 2026-10-09, one milestone on Wednesday 2026-09-30 (the eve of 国庆); the item has missed every
  // report, lags 25 points, was red at the last inspection and never delivered its milestone.
  const ladder = [
    customRung('before-deadline-5', { beforeDeadlineDays: 5 }, 'reminder'),
    customRung('before-deadline-3w', { beforeDeadlineWorkingDays: 3 }, 'reminder'),
    customRung('before-milestone-4', { beforeMilestoneDays: 4 }, 'reminder'),
    customRung('before-milestone-2w', { beforeMilestoneWorkingDays: 2 }, 'reminder'),
    customRung('missed-2', { missedReports: 2 }),
    customRung('still-missing-2', { missedForWorkingDays: 2 }),
    customRung('behind-20', { behindPlanPoints: 20 }),
    customRung('deadline-passed', { deadlinePassedWorkingDays: 0 }),
    customRung('late-5', { deadlinePassedWorkingDays: 5 }),
    customRung('milestone-passed', { milestonePassed: true }),
    customRung('red-1', { redAtInspections: 1 }),
  ];
  const moments = itemMoments(
    settings('2026-09-01'), { deadline: '2026-10-09', milestones: [{ date: '2026-09-30' }] }, ladder, at('2026-09-01'), at('2026-11-01'),
  );
  const worst: Partial<RungContext> = { missedInARow: 2, reportStillMissing: true, behindPlan: 25, redInspections: 1 };

  test.each<[string, string, string[]]>([
    ['the first weekly due time, two missed', 'due:2026-09-04T12:00:00+08:00', ['missed-2 @ w0']],
    ['2 working days after it, still missing', 'followup+2:2026-09-08T12:00:00+08:00', ['still-missing-2 @ w0']],
    ['2 working days after the 2026-09-18 due time: the 调休 Sunday 09-20 counts', 'followup+2:2026-09-21T12:00:00+08:00', ['still-missing-2 @ w2']],
    ['4 days before the milestone is 中秋 Saturday → the Thursday before', 'milestoneWarning-4:2026-09-24T12:00:00+08:00#0', ['before-milestone-4 @ m0.0']],
    ['2 working days before the milestone (中秋 skipped)', 'milestoneWarning-2w:2026-09-28T12:00:00+08:00#0', ['before-milestone-2w @ m0.0']],
    ['3 working days before the deadline: 国庆 skipped, back to 29 September', 'deadlineWarning-3w:2026-09-29T12:00:00+08:00', ['before-deadline-3w @ d0']],
    ['5 days before the deadline is 国庆 Sunday → 30 September', 'deadlineWarning-5:2026-09-30T12:00:00+08:00', ['before-deadline-5 @ d0']],
    ['the September inspection, red once', 'inspection:2026-09-30T17:00:00+08:00', ['red-1 @ i2026-09']],
    ['the milestone passed in 国庆 → the first working morning after it', 'milestone:2026-10-08T08:30:00+08:00#0', ['milestone-passed @ m0.0']],
    ['the deadline passes at 00:00 on the 调休 Saturday → that morning', 'deadline:2026-10-10T08:30:00+08:00', ['deadline-passed @ d0']],
    ['5 working days late, the 调休 Saturday counted', 'deadlineLate+5:2026-10-16T08:30:00+08:00', ['late-5 @ d0']],
  ])('%s: %s', (_case, key, expected) => {
    const m = moments.find((x) => x.key === key);
    expect(m && rungsAt(ladder, { ...QUIET, ...worst, moment: m }).map((f) => `${f.rung.id} @ ${f.cycle}`)).toEqual(expected);
  });

  it('a report in the cycle, 25 points behind: the lagging rung instead of the missed one', () => {
    const m = moments.find((x) => x.key === 'due:2026-09-11T12:00:00+08:00')!;
    expect(rungsAt(ladder, { ...QUIET, behindPlan: 25, reportedThisCycle: true, moment: m }).map((f) => `${f.rung.id} @ ${f.cycle}`)).toEqual(['behind-20 @ w1']);
  });
});
