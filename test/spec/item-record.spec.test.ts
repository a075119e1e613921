/**
 * 整改事项的记录: the record's transitions (domain/item-record.ts), one row per thing that happens to an item.
 *
 * The item: 限期整改, deadline 2026-06-30, one milestone on 2026-04-30, in an English campaign with the default
 * ladder that started on Monday 2026-03-02; weekly reports are due Fridays 12:00 (cycles 0, 1, 2 …).
 */
import {
  atMoment, changesNothing, newRecord, onCloseout, onDispatch, onNoticeReply, onReport, onReview, refuseCloseoutInput, refuseDispatchInput,
  refuseNoticeReplyInput, refuseReportInput, refuseReviewInput, statusOf, isFollowed, nextReplyDueAt, repliesDue, type ItemRecord, type RecordContext,
} from '../../domain/item-record';
import { onLookBackAnswer, onReopen, refuseLookBackInput, refuseReopenInput } from '../../domain/look-back';
import { onCarriedOut, refuseCarryOutInput } from '../../domain/carry-out';
import { hasEnded, longTermDue } from '../../domain/rules';
import type { LookBackSettings } from '../../domain/schema';
import type { CampaignSettings, LookBackCheck } from '../../domain/contract';
import { DEFAULT_LADDER } from '../../domain/schema';
import type { EscalationRecord, ItemPlan, Moment, NoticeRecord } from '../../domain/types';
import { at, CADENCE, moment, ZONE } from './support';

const person = (name: string) => ({ name, email: `${name.toLowerCase()}@unit.example` });
const ITEM: ItemPlan = {
  id: '(7)', key: '7', section: 'One', problem: 'files kept badly', measures: ['sort them'], kind: 'deadline',
  leader: person('Leader'), leadUnit: 'Archive', coUnits: [], contacts: [person('Contact')], unitHeads: [person('Head')],
  leaderId: 'leader', deadline: '2026-06-30', milestones: [{ date: '2026-04-30', deliverable: 'an index' }],
};
const CAMPAIGN: CampaignSettings = {
  id: 'spec', name: 'Spec campaign', committee: 'Committee', timeZone: ZONE, start: '2026-03-02', concentratedEnd: '2026-06-30',
  language: 'en', cadence: CADENCE, ladder: DEFAULT_LADDER, workingGroup: ['wg@office.example'], committeeAddresses: ['committee@office.example'],
};
const due = (cycle: number): Moment => moment('due', `2026-03-${String(6 + 7 * cycle).padStart(2, '0')} 12:00`, { cycle });
const MOMENTS = [due(0), due(1), due(2), due(3)];
const ctx = (now: string, over: Partial<RecordContext> = {}): RecordContext => ({
  campaign: CAMPAIGN, now: at(now), offset: 0, quietMoments: true,
  timeline: { moments: MOMENTS, startAt: at('2026-03-02'), deadlineAt: at('2026-07-01'), milestoneAts: [at('2026-05-01')] },
  ...over,
});
const fresh = (over: Partial<ItemRecord> = {}): ItemRecord => ({ ...newRecord(ITEM, at('2026-03-02 09:00')), ...over });
const open = (rung: string, cycle: string): EscalationRecord => ({
  rung, level: 'chase', notice: '催办', cycle, at: at('2026-03-06 12:00'), atLocal: '2026-03-06T12:00:00+08:00', to: [], reason: '',
});
/** A 督办单(黄) issued at the first follow-up, reply due by 2026-03-18, not answered. */
const yellow = (): NoticeRecord => ({
  number: 'No. 1', year: 2026, n: 1, rung: 'supervision', level: 'supervision', notice: '督办单(黄)', cycle: 'w0', issuedAt: at('2026-03-11 12:00'),
  issuedLocal: '2026-03-11T12:00:00+08:00', replyBy: '2026-03-18', replyDueAt: at('2026-03-19 08:30'), replyDueLocal: '2026-03-19T08:30:00+08:00',
  to: ['leader@unit.example'], reason: 'weekly report still missing 3 working day(s) after its due time',
});
/** Open escalations as `rung@cycle`. */
const stillOpen = (r: ItemRecord): string[] => r.escalations.filter((e) => e.resolvedAt === undefined).map((e) => `${e.rung}@${e.cycle}`);
const tail = (r: ItemRecord, n: number): string[] => r.log.slice(-n).map((e) => `${e.what}: ${e.detail}`);

describe('a moment arrives', () => {
  test.each<[string, ItemRecord, Moment, { missed: number; log: string[]; notices: string[] }]>([
    ['the due time, report in → the count resets, nothing logged', fresh({ state: 'inProgress', reportedCycles: [0], missedInARow: 0 }), due(0),
      { missed: 0, log: [], notices: [] }],
    ['the due time, no report → one miss counted and logged; a chase to contact and unit head', fresh(), due(0),
      { missed: 1, log: ['missed: weekly report due 2026-03-06T12:00:00+08:00 missing (1 in a row)', 'escalation: 催办 (chase) → contact@unit.example, head@unit.example: missed 1 weekly report(s) in a row'],
        notices: ['chase 催办 → contact@unit.example, head@unit.example'] }],
    ['the second miss in a row → chase again (the red notice waits for the yellow one to go unanswered)', fresh({ missedInARow: 1, missedCycles: [0], fired: ['chase@w0'] }), due(1),
      { missed: 2, log: ['missed: weekly report due 2026-03-13T12:00:00+08:00 missing (2 in a row)',
        'escalation: 催办 (chase) → contact@unit.example, head@unit.example: missed 2 weekly report(s) in a row'],
      notices: ['chase 催办 → contact@unit.example, head@unit.example'] }],
    ['a rung already fired in this cycle fires no second time', fresh({ fired: ['chase@w0'] }), due(0),
      { missed: 1, log: ['missed: weekly report due 2026-03-06T12:00:00+08:00 missing (1 in a row)'], notices: [] }],
    ['submitted for close-out (待验收): no report is owed, nothing counted', fresh({ state: 'submitted' }), due(0), { missed: 0, log: [], notices: [] }],
    ['closed (已销号): nothing counted', fresh({ state: 'closed' }), due(0), { missed: 0, log: [], notices: [] }],
    ['the follow-up 3 working days later, still missing → supervision notice to the leader', fresh({ missedInARow: 1, missedCycles: [0] }),
      moment('followup', '2026-03-11 12:00', { n: 3, cycle: 0 }),
      { missed: 1, log: ['escalation: 督办单(黄) (supervision) → leader@unit.example: weekly report still missing 3 working day(s) after its due time'],
        notices: ['escalation 督办单(黄) → leader@unit.example'] }],
    ['the next follow-up while the 督办单(黄) waits for its reply → nothing new (one notice per item and cause)',
      fresh({ missedInARow: 2, missedCycles: [0, 1], escalations: [open('supervision', 'w0')], notices: [yellow()] }),
      moment('followup', '2026-03-18 12:00', { n: 3, cycle: 1 }), { missed: 2, log: [], notices: [] }],
    ['the follow-up after the reply, the cause still there → nothing new', fresh({ missedInARow: 2, missedCycles: [0, 1], escalations: [open('supervision', 'w0')],
      notices: [{ ...yellow(), reply: { at: at('2026-03-12 10:00'), measures: 'm', date: '2026-03-20', by: 'Contact' } }] }),
    moment('followup', '2026-03-18 12:00', { n: 3, cycle: 1 }), { missed: 2, log: [], notices: [] }],
    ['the 督办单(黄) unanswered by its reply deadline → the red one to the leader and the working group', fresh({ missedInARow: 2, notices: [yellow()] }),
      { ...moment('replyDue', '2026-03-19 08:30'), rung: 'supervision', number: 'No. 1' },
      { missed: 2, log: ['escalation: 督办单(红) (working-group) → leader@unit.example, wg@office.example: No. 1 not answered by its reply deadline'],
        notices: ['escalation 督办单(红) → leader@unit.example, wg@office.example'] }],
    ['the follow-up, the report came in since → nothing', fresh({ state: 'inProgress', missedCycles: [0], missedInARow: 0 }),
      moment('followup', '2026-03-11 12:00', { n: 3, cycle: 0 }), { missed: 0, log: [], notices: [] }],
  ])('%s', (_case, record, m, expected) => {
    const before = record.log.length;
    const step = atMoment(record, m, ctx(m.local), 'green');
    expect({
      missed: step.record.missedInARow,
      log: step.record.log.slice(before).map((e) => `${e.what}: ${e.detail}`),
      notices: step.notices.map((n) => `${n.kind} ${n.notice} → ${n.to.map((p) => p.email).join(', ')}`),
    }).toEqual(expected);
    expect(changesNothing(record, step)).toBe(expected.log.length === 0 && expected.notices.length === 0);
  });

  test.each<[string, number, number, number]>([
    ['red (two reports missed) at an inspection → one more red inspection', 2, 0, 1],
    ['red at a second inspection in a row → two', 2, 1, 2],
    ['green at an inspection → the count starts again', 0, 1, 0],
  ])('%s', (_case, missedInARow, redInspections, after) => {
    const step = atMoment(fresh({ state: 'inProgress', missedInARow, redInspections }), moment('inspection', '2026-03-31 17:00'), ctx('2026-03-31 17:00'), 'green');
    expect(step.record.redInspections).toBe(after);
  });

  it('leaves the record it was given as it was', () => {
    const record = fresh();
    const copy = structuredClone(record);
    atMoment(record, due(0), ctx('2026-03-06 12:00'), 'green');
    expect(record).toEqual(copy);
  });
});

describe('a progress report (周报告)', () => {
  const behind = fresh({
    missedInARow: 2, missedCycles: [0, 1],
    escalations: [open('chase', 'w1'), open('supervision', 'w1'), open('deadline-warning', 'd0'), open('milestone-missed', 'm0.0')],
  });
  test.each<[string, ItemRecord, { percent?: number; milestoneDelivered?: number }, { state: string; missed: number; percent: number; cycles: number[]; open: string[]; log: string[] }]>([
    ['the first report: 未启动 → 整改中, the count resets, the missed-report rungs resolve', behind, { percent: 40 },
      { state: 'inProgress', missed: 0, percent: 40, cycles: [2], open: ['deadline-warning@d0', 'milestone-missed@m0.0'],
        log: ['report: 40% sorted half', 'state: notStarted → inProgress'] }],
    ['a report delivering the milestone resolves that milestone\'s rungs too', behind, { percent: 40, milestoneDelivered: 0 },
      { state: 'inProgress', missed: 0, percent: 40, cycles: [2], open: ['deadline-warning@d0'], log: ['report: 40% sorted half', 'state: notStarted → inProgress'] }],
    ['a report without a percent keeps the last one', fresh({ state: 'inProgress', percent: 30, reportedCycles: [1] }), {},
      { state: 'inProgress', missed: 0, percent: 30, cycles: [1, 2], open: [], log: ['report: sorted half'] }],
    ['a report on a returned item (已退回) resumes the work', fresh({ state: 'returned' }), { percent: 90 },
      { state: 'inProgress', missed: 0, percent: 90, cycles: [2], open: [], log: ['report: 90% sorted half', 'state: returned → inProgress'] }],
    ['a second report in the same week counts that week once', fresh({ state: 'inProgress', reportedCycles: [2] }), { percent: 50 },
      { state: 'inProgress', missed: 0, percent: 50, cycles: [2], open: [], log: ['report: 50% sorted half'] }],
  ])('%s', (_case, record, extra, expected) => {
    const step = onReport(record, { by: 'Contact', progress: 'sorted half', ...extra }, ctx('2026-03-18 10:00'));
    const r = step.record;
    expect({ state: r.state, missed: r.missedInARow, percent: r.percent, cycles: r.reportedCycles, open: stillOpen(r), log: tail(r, expected.log.length) })
      .toEqual(expected);
    expect(step.message).toBe('report recorded for weekly cycle 3');
  });

  test.each<[string, ItemRecord, { milestoneDelivered?: number; requestId?: string }, string | undefined]>([
    ['welcome while in progress', fresh({ state: 'inProgress' }), {}, undefined],
    ['refused on a closed item', fresh({ state: 'closed' }), {}, '(7): item is closed (已销号): no more reports'],
    ['refused while waiting for review', fresh({ state: 'submitted' }), {}, '(7): item is submitted for close-out (待验收): wait for the review before reporting again'],
    ['refused for a milestone the item does not have', fresh({ state: 'inProgress' }), { milestoneDelivered: 2 }, '(7): no milestone 3 (the item has 1)'],
    ['a repeated request is answered, not refused, even on a closed item', fresh({ state: 'closed', requestIds: ['r1'] }), { requestId: 'r1' }, undefined],
  ])('%s', (_case, record, extra, refusal) => {
    expect(refuseReportInput(record, { by: 'Contact', progress: 'sorted half', ...extra }, 'en')).toBe(refusal);
  });
});

describe('督办单: the reply (限期回复)', () => {
  const waiting = fresh({ state: 'inProgress', escalations: [open('supervision', 'w0'), open('working-group', 'nNo. 1')], notices: [yellow()] });
  test.each<[string, ItemRecord, string, string | undefined]>([
    ['welcome for a notice waiting', waiting, 'No. 1', undefined],
    ['welcome by its count alone (第1号 → 1)', waiting, '1', undefined],
    ['refused for a notice the item does not have, naming those waiting', waiting, 'No. 9', '(7): notice: no notice No. 9 on this item (waiting for a reply: No. 1)'],
  ])('%s', (_case, record, notice, refusal) => {
    expect(refuseNoticeReplyInput(record, { notice, measures: 'named a reporter', date: '2026-03-20', by: 'Head' }, 'en')).toBe(refusal);
  });

  test('the reply closes the notice, ends the cause of the red one its silence climbed to, and is on record', () => {
    const step = onNoticeReply(waiting, { notice: 'No. 1', measures: 'named a reporter', date: '2026-03-20', by: 'Head' }, ctx('2026-03-19 10:00'));
    expect(step.record.notices?.[0].reply).toEqual({ at: at('2026-03-19 10:00'), measures: 'named a reporter', date: '2026-03-20', by: 'Head' });
    expect(stillOpen(step.record)).toEqual(['supervision@w0']);
    expect(tail(step.record, 1)).toEqual(['reply: reply to No. 1: named a reporter (to be done by 2026-03-20)']);
    expect(step.message).toBe('reply to No. 1 recorded; the notice is closed');
    expect(refuseNoticeReplyInput(step.record, { notice: 'No. 1', measures: 'again', date: '2026-03-20', by: 'Head' }, 'en')).toBe('(7): notice: No. 1 was already answered on 2026-03-20');
    expect(statusOf(step.record, ctx('2026-03-19 10:00'), 'green').openNotices).toBeUndefined();
  });
});

describe('close-out (销号): submission and review', () => {
  const dim = { statement: 'done', evidence: ['proof.pdf'] };
  const closeout = { solved: dim, accountability: dim, similarCases: dim, mechanism: dim, by: 'Head' };

  it('a submission: 待验收, every open escalation resolved, logged twice', () => {
    const record = fresh({ state: 'inProgress', escalations: [open('chase', 'w1'), open('deadline-passed', 'd0'), open('committee-red', 'i2026-03')] });
    const step = onCloseout(record, { closeout }, ctx('2026-04-02 10:00'));
    expect([step.record.state, stillOpen(step.record), tail(step.record, 2), step.message]).toEqual(['submitted', [], [
      'closeout: submitted for close-out on four dimensions (四个维度)', 'state: inProgress → submitted'],
    "submitted for close-out; waiting for the working group's review"]);
  });

  test.each<[string, ItemRecord, string | undefined]>([
    ['complete, in progress → welcome', fresh({ state: 'inProgress' }), undefined],
    ['already submitted → refused', fresh({ state: 'submitted' }), '(7): item is already submitted for close-out (待验收)'],
    ['kept up long-term → refused', fresh({ state: 'continuing' }), '(7): item is closed for the concentrated period and kept up long-term (持续整改)'],
  ])('submission %s', (_case, record, refusal) => {
    expect(refuseCloseoutInput(record, { closeout }, 'en')).toBe(refusal);
  });

  it('a submission without evidence for the mechanism is refused as incomplete', () => {
    expect(refuseCloseoutInput(fresh({ state: 'inProgress' }), { closeout: { ...closeout, mechanism: { statement: 'a rule', evidence: [] } } }, 'en'))
      .toBe('(7): close-out incomplete: 长效机制 (mechanism): no evidence given');
  });

  test.each<[string, ItemPlan['kind'], { accept: boolean; reason?: string }, { state: string; missed: number; message: string; mail: string }]>([
    ['accepted, 限期整改 → closed (已销号)', 'deadline', { accept: true }, { state: 'closed', missed: 3, message: 'accepted: closed', mail: 'accepted: closed' }],
    ['accepted, 立行立改 → closed', 'immediate', { accept: true }, { state: 'closed', missed: 3, message: 'accepted: closed', mail: 'accepted: closed' }],
    ['accepted, 长期坚持 → kept up long-term (持续整改)', 'longTerm', { accept: true }, { state: 'continuing', missed: 3, message: 'accepted: kept up long-term', mail: 'accepted: kept up long-term' }],
    ['returned with a reason → 已退回, the count of misses starts again', 'deadline', { accept: false, reason: 'no photos' }, {
      state: 'returned', missed: 0, message: 'returned to the unit; back in progress on its next report', mail: 'close-out returned: no photos' }],
  ])('review: %s', (_case, kind, review, expected) => {
    const record = fresh({ state: 'submitted', missedInARow: 3, item: { ...ITEM, kind } });
    const step = onReview(record, { ...review, by: 'Working group' }, ctx('2026-04-03 10:00'));
    expect({ state: step.record.state, missed: step.record.missedInARow, message: step.message, mail: step.mail.lines.join(' | ') }).toEqual(expected);
    expect(step.mail.to).toEqual(ITEM.contacts);
  });

  test.each<[string, ItemRecord, { accept: boolean; reason?: string }, string | undefined]>([
    ['a return needs a reason', fresh({ state: 'submitted' }), { accept: false }, '(7): a return needs a reason'],
    ['a return with a reason → welcome', fresh({ state: 'submitted' }), { accept: false, reason: 'no photos' }, undefined],
    ['nothing to review while in progress', fresh({ state: 'inProgress' }), { accept: true }, '(7): item is not waiting for review (state: inProgress)'],
  ])('review refused? %s', (_case, record, review, refusal) => {
    expect(refuseReviewInput(record, { ...review, by: 'Working group' }, 'en')).toBe(refusal);
  });
});

describe('a dispatch decision (调度决定)', () => {
  const late = fresh({ state: 'inProgress', escalations: [open('chase', 'w1'), open('deadline-passed', 'd0'), open('milestone-missed', 'm0.0'), open('committee-red', 'i2026-03')] });

  it('an extension re-plans, counts, and resolves the deadline and milestone rungs (not the missed reports, not red inspections)', () => {
    const step = onDispatch(late, { instruction: 'finish by August', newDeadline: '2026-08-31', approvedBy: 'Secretary', by: 'Office' }, ctx('2026-07-02 10:00'));
    expect({
      deadline: step.record.item.deadline, extensions: step.record.extensions, open: stillOpen(step.record), replan: step.replan, message: step.message,
      mail: step.mail.lines,
    }).toEqual({
      deadline: '2026-08-31', extensions: 1, open: ['chase@w1', 'committee-red@i2026-03'], replan: true, message: 'decision recorded; deadline now 2026-08-31',
      mail: ['instruction: finish by August', 'new deadline: 2026-08-31 (was 2026-06-30; approved by Secretary)'],
    });
  });

  it('an instruction alone is recorded, nothing re-planned', () => {
    const step = onDispatch(late, { instruction: 'speed up', by: 'Office' }, ctx('2026-07-02 10:00'));
    expect([step.record.decisions.length, step.replan, step.reassigned, stillOpen(step.record).length, step.message]).toEqual([1, false, false, 4, 'decision recorded']);
  });

  it('a reassignment to a new unit: its contacts, no unit head copied until named; old and new contacts hear of it', () => {
    const step = onDispatch(late, { instruction: 'hand over', reassignTo: { leadUnit: 'Registry', contacts: [person('Newcomer')] }, by: 'Office' }, ctx('2026-07-02 10:00'));
    expect({
      unit: step.record.item.leadUnit, heads: step.record.item.unitHeads, to: step.mail.to.map((p) => p.email), reassigned: step.reassigned,
    }).toEqual({ unit: 'Registry', heads: [], to: ['newcomer@unit.example', 'contact@unit.example'], reassigned: true });
  });

  test.each<[string, ItemRecord, { newDeadline?: string; approvedBy?: string }, string | undefined]>([
    ['an extension with its approver → welcome', late, { newDeadline: '2026-08-31', approvedBy: 'Secretary' }, undefined],
    ['a deadline that is no date', late, { newDeadline: '2026-02-30', approvedBy: 'Secretary' }, '(7): new deadline is not a date (YYYY-MM-DD): "2026-02-30"'],
    ['an extension nobody approved', late, { newDeadline: '2026-08-31' }, '(7): a new deadline (延期) needs who approved it (--approved-by)'],
    ['a "new" deadline before the current one', late, { newDeadline: '2026-06-01', approvedBy: 'Secretary' }, '(7): new deadline 2026-06-01 is not after the current one (2026-06-30)'],
    ['a third extension when the campaign allows two', fresh({ state: 'inProgress', extensions: 2 }), { newDeadline: '2026-08-31', approvedBy: 'Secretary' },
      '(7): already extended 2 time(s); the campaign allows 2'],
    ['any decision on a closed item', fresh({ state: 'closed' }), {}, '(7): item is closed (已销号): no dispatch decisions'],
  ])('%s', (_case, record, extra, refusal) => {
    expect(refuseDispatchInput(record, { instruction: 'go on', by: 'Office', ...extra }, { campaign: CAMPAIGN })).toBe(refusal);
  });
});

describe('回头看 and reopening (domain/look-back.ts)', () => {
  const accepted = { at: at('2026-03-02 10:00'), planned: true };
  const check = (months: number, over: Partial<LookBackCheck> = {}): LookBackCheck =>
    ({ acceptedAt: accepted.at, months, at: at(`2026-0${2 + months}-02 10:00`), local: `2026-0${2 + months}-02T10:00:00+08:00`, ...over });
  const closed = (checks: LookBackCheck[]): ItemRecord => fresh({ state: 'closed', accepted, lookBacks: checks });

  test.each<[string, string, LookBackSettings['longTermReports'], boolean]>([
    ['the first due time of a month, monthly', '2026-04-03T12:00:00+08:00', 'monthly', true],
    ['a later due time of the month, monthly', '2026-04-10T12:00:00+08:00', 'monthly', false],
    ['any due time, weekly', '2026-04-24T12:00:00+08:00', 'weekly', true],
    ['the first due time of a quarter\'s first month, quarterly', '2026-07-03T12:00:00+08:00', 'quarterly', true],
    ['the first due time of a quarter\'s second month, quarterly', '2026-08-07T12:00:00+08:00', 'quarterly', false],
  ])('a long-term item owes a report at %s', (_, local, every, owes) => {
    expect(longTermDue({ kind: 'due', local }, every)).toBe(owes);
  });

  test('a long-term item accepted since v0.5 misses the month\'s first due time only; the ladder stays quiet', () => {
    const r = fresh({ state: 'continuing', accepted });
    const first = atMoment(r, due(0), ctx('2026-03-06 12:00'), 'grey');
    expect([first.record.missedInARow, first.notices.length]).toEqual([1, 0]);
    expect(changesNothing(r, atMoment(r, due(1), ctx('2026-03-13 12:00'), 'grey'))).toBe(true);
    // Accepted before v0.5 (not followed): no report owed at all.
    expect(changesNothing(fresh({ state: 'continuing' }), atMoment(fresh({ state: 'continuing' }), due(0), ctx('2026-03-06 12:00'), 'grey'))).toBe(true);
  });

  test.each<[string, ItemRecord, { holds: boolean; note?: string }, string | undefined]>([
    ['nothing asked yet', closed([check(3)]), { holds: true }, '(7): no look-back of this item is waiting for an answer'],
    ['recurred without a note', closed([check(3, { askedAt: at('2026-06-02 10:00') })]), { holds: false },
      '(7): note: a problem that came back needs a note saying what happened (--note)'],
    ['holds, asked', closed([check(3, { askedAt: at('2026-06-02 10:00') })]), { holds: true }, undefined],
  ])('a look-back answer, %s', (_, r, answer, refusal) => {
    expect(refuseLookBackInput(r, { ...answer, by: 'Contact' }, 'en')).toBe(refusal);
  });

  test('the fix holds: recorded, still closed, followed until the 6-month look-back is answered', () => {
    const r = closed([check(3, { askedAt: at('2026-06-02 10:00') }), check(6)]);
    const step = onLookBackAnswer(r, { holds: true, by: 'Contact' }, ctx('2026-06-03 09:00'));
    expect([step.record.state, step.replan, isFollowed(step.record), tail(step.record, 1)])
      .toEqual(['closed', false, true, ['lookBackAnswer: look-back (3 months): the fix holds']]);
  });

  test('recurred: reopened on the same deadline, a decision on record, the look-back to come dropped', () => {
    const r = closed([check(3, { askedAt: at('2026-06-02 10:00') }), check(6)]);
    const step = onLookBackAnswer(r, { holds: false, note: 'files lost again', by: 'Contact' }, ctx('2026-06-03 09:00'));
    expect([step.record.state, step.record.accepted, step.replan, step.record.item.deadline]).toEqual(['inProgress', undefined, true, '2026-06-30']);
    expect(step.record.lookBacks!.map((c) => [c.months, c.answer?.holds])).toEqual([[3, false]]);
    expect(step.record.decisions.at(-1)).toMatchObject({ reopened: true, by: 'Contact', instruction: 'look-back (3 months): the problem came back. files lost again' });
    expect(tail(step.record, 3).map((l) => l.split(':')[0])).toEqual(['lookBackAnswer', 'reopen', 'state']);
    expect(step.mail?.to.map((p) => p.email)).toEqual(['contact@unit.example', 'leader@unit.example']);
  });

  test.each<[string, ItemRecord, string | undefined]>([
    ['closed', closed([]), undefined],
    ['long-term (持续整改)', fresh({ state: 'continuing' }), undefined],
    ['in progress', fresh({ state: 'inProgress' }), '(7): only a closed (已销号) or long-term (持续整改) item can be reopened (state: inProgress)'],
  ])('reopening an item %s', (_, r, refusal) => {
    expect(refuseReopenInput(r, { reason: 'came back', by: 'Office' }, 'en')).toBe(refusal);
  });

  test('the office reopens: an owed look-back is settled by it, misses and red inspections start again from nothing', () => {
    const r = { ...closed([check(3, { askedAt: at('2026-06-02 10:00') }), check(6)]), missedInARow: 2, redInspections: 1 };
    const step = onReopen(r, { reason: 'complaint received', by: 'Office' }, ctx('2026-06-10 09:00'));
    expect([step.record.state, step.record.missedInARow, step.record.redInspections]).toEqual(['inProgress', 0, 0]);
    expect(step.record.lookBacks!.map((c) => [c.months, c.settledAt !== undefined])).toEqual([[3, true]]);
    expect(statusOf(step.record, ctx('2026-06-10 09:00'), 'red')).not.toHaveProperty('following');
  });
});

describe('已转入下一轮: the handover to the next round (domain/carry-out.ts)', () => {
  const to = { campaignId: 'round-two', campaignName: 'Round two', itemId: '(7)', by: 'rectify' };
  const now = ctx('2026-03-20 09:00');

  test.each<[string, ItemRecord, Partial<typeof to>, string | undefined]>([
    ['in progress', fresh({ state: 'inProgress' }), {}, undefined],
    ['long-term (持续整改)', fresh({ state: 'continuing' }), {}, undefined],
    ['into its own campaign', fresh({ state: 'inProgress' }), { campaignId: 'spec' }, '(7): campaignId: an item cannot be carried into its own campaign'],
    ['closed', fresh({ state: 'closed' }), {}, '(7): an item that is closed is not carried into the next round'],
    ['carried out already', fresh({ state: 'carriedOut', carriedOut: { ...to, at: at('2026-03-19 09:00'), state: 'inProgress', percent: 40 } }), {},
      '(7): item was carried into the next round: round-two (Round two) item (7); this round accepts nothing more for it: report and act on that item (rectify report "(7)" --campaign round-two)'],
  ])('handing over an item %s', (_, r, over, refusal) => {
    expect(refuseCarryOutInput(r, { ...to, ...over }, { campaign: CAMPAIGN })).toBe(refusal);
  });

  test('the item ends here: its open notice closed as carried over, escalations resolved, look-backs dropped, the handover on record', () => {
    const r = fresh({
      state: 'inProgress', percent: 40, notices: [yellow()], escalations: [open('supervision', 'w0')],
      accepted: { at: at('2026-03-02 10:00'), planned: true },
      lookBacks: [{ acceptedAt: at('2026-03-02 10:00'), months: 3, at: at('2026-06-02 10:00'), local: '2026-06-02T10:00:00+08:00' }],
    });
    const step = onCarriedOut(r, to, now);
    const s = step.record;
    expect([s.state, hasEnded(s.state), isFollowed(s), stillOpen(s), s.lookBacks]).toEqual(['carriedOut', true, false, [], []]);
    expect(s.notices![0].carriedOver).toEqual({ at: now.now, campaignId: 'round-two', itemId: '(7)' });
    expect([repliesDue(s, at('2026-04-01 09:00')), nextReplyDueAt(s), statusOf(s, now, 'grey').openNotices]).toEqual([[], undefined, undefined]);
    expect(statusOf(s, now, 'grey').carriedTo).toEqual({ campaignId: 'round-two', itemId: '(7)' });
    expect(s.carriedOut).toEqual({ ...to, at: now.now, state: 'inProgress', percent: 40 });
    expect(tail(s, 2)).toEqual([
      'carriedOut: carried into the next round: round-two (Round two) item (7) (in progress, 40% when handed over); no more reports, reminders or notices in this round',
      'state: inProgress → carriedOut',
    ]);
    expect(step.message).toBe('carried into the next round (round-two item (7)); this round follows it no more');
    // Its moments fire nothing any more: no missed report, no rung.
    expect(changesNothing(s, atMoment(s, due(3), ctx('2026-03-27 12:00'), 'grey'))).toBe(true);
  });
});
