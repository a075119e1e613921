/**
 * 整改状态 rules: what each state accepts and refuses, where a report and an acceptance take the item, what a
 * close-out (销号) must state on its four dimensions, and which dates are real.
 *
 * States: 未启动 notStarted · 整改中 inProgress · 已退回 returned · 待验收 submitted · 已销号 closed · 持续整改 continuing ·
 * 已撤销 withdrawn · 已转入下一轮 carriedOut.
 */
import {
  closeoutProblems, expectsReports, isClosed, isRealDate, OPEN_STATES, refuseCloseoutSubmission, refuseDispatch, refuseReport,
  refuseReview, stateAfterAccept, stateAfterReport,
} from '../../domain/rules';
import { STATES, type ItemState } from '../../domain/types';
import type { Closeout } from '../../domain/payloads';

type Answers = {
  reports: boolean;
  report: string | undefined;
  afterReport: ItemState;
  closeout: string | undefined;
  review: string | undefined;
  dispatch: string | undefined;
};

/** Each state, and what it answers (English; undefined: accepted). */
const BY_STATE: [string, ItemState, Answers][] = [
  ['未启动 not started', 'notStarted', {
    reports: true, report: undefined, afterReport: 'inProgress',
    closeout: undefined, review: 'item is not waiting for review (state: notStarted)', dispatch: undefined,
  }],
  ['整改中 in progress', 'inProgress', {
    reports: true, report: undefined, afterReport: 'inProgress',
    closeout: undefined, review: 'item is not waiting for review (state: inProgress)', dispatch: undefined,
  }],
  ['已退回 returned', 'returned', {
    reports: true, report: undefined, afterReport: 'inProgress',
    closeout: undefined, review: 'item is not waiting for review (state: returned)', dispatch: undefined,
  }],
  ['待验收 submitted', 'submitted', {
    reports: false, report: 'item is submitted for close-out (待验收): wait for the review before reporting again', afterReport: 'submitted',
    closeout: 'item is already submitted for close-out (待验收)', review: undefined, dispatch: undefined,
  }],
  ['已销号 closed', 'closed', {
    reports: false, report: 'item is closed (已销号): no more reports', afterReport: 'closed',
    closeout: 'item is closed (已销号)', review: 'item is not waiting for review (state: closed)', dispatch: 'item is closed (已销号): no dispatch decisions',
  }],
  ['持续整改 kept up long-term', 'continuing', {
    reports: false, report: undefined, afterReport: 'continuing',
    closeout: 'item is closed for the concentrated period and kept up long-term (持续整改)', review: 'item is not waiting for review (state: continuing)', dispatch: undefined,
  }],
  ['已撤销 withdrawn from the plan', 'withdrawn', {
    reports: false, report: 'item is withdrawn (已撤销): nothing more is accepted', afterReport: 'withdrawn',
    closeout: 'item is withdrawn (已撤销): nothing more is accepted', review: 'item is not waiting for review (state: withdrawn)',
    dispatch: 'item is withdrawn (已撤销): nothing more is accepted',
  }],
  ['已转入下一轮 carried into the next round', 'carriedOut', {
    reports: false, report: 'item was carried into the next round: this round accepts nothing more for it; report on it in the next round', afterReport: 'carriedOut',
    closeout: 'item was carried into the next round: this round accepts nothing more for it; report on it in the next round',
    review: 'item is not waiting for review (state: carriedOut)',
    dispatch: 'item was carried into the next round: this round accepts nothing more for it; report on it in the next round',
  }],
];

describe('what each state accepts (English answers)', () => {
  it('the table covers every state', () => {
    expect(BY_STATE.map(([, s]) => s).sort()).toEqual([...STATES].sort());
  });
  test.each(BY_STATE)('%s', (_name, state, a) => {
    expect({
      reports: expectsReports(state),
      report: refuseReport(state, 'en'),
      afterReport: stateAfterReport(state),
      closeout: refuseCloseoutSubmission(state, 'en'),
      review: refuseReview(state, 'en'),
      dispatch: refuseDispatch(state, 'en'),
    }).toEqual(a);
  });
});

describe('refusals in Chinese (campaigns default to zh)', () => {
  test.each<[string, () => string | undefined, string]>([
    ['no language given → English', () => refuseReport('closed'), 'item is closed (已销号): no more reports'],
    ['a report on a closed item, zh', () => refuseReport('closed', 'zh'), '事项已销号，不再接受报送'],
    ['a report while waiting for review, zh', () => refuseReport('submitted', 'zh'), '事项已提交销号（待验收），请待审核后再报送'],
    ['a second close-out submission, zh', () => refuseCloseoutSubmission('submitted', 'zh'), '事项已提交销号（待验收）'],
    ['a close-out of a closed item, zh', () => refuseCloseoutSubmission('closed', 'zh'), '事项已销号'],
    ['a close-out of a long-term item, zh', () => refuseCloseoutSubmission('continuing', 'zh'), '事项已完成集中整改、转入持续整改'],
    ['a review of an item in progress names the state in Chinese', () => refuseReview('inProgress', 'zh'), '事项不在待验收状态（当前：整改中）'],
    ['a review of a returned item, zh', () => refuseReview('returned', 'zh'), '事项不在待验收状态（当前：已退回）'],
    ['a dispatch decision on a closed item, zh', () => refuseDispatch('closed', 'zh'), '事项已销号，不再调度'],
    ['a report on an item carried into the next round names where it went, zh',
      () => refuseReport('carriedOut', 'zh', { campaignId: 'round-two', campaignName: '第二轮巡察整改', itemId: '(3)' }),
      '事项已转入下一轮整改：round-two（第二轮巡察整改）事项 (3)，本轮不再接受报送或调度，请在该事项中报送和办理（rectify report "(3)" --campaign round-two）'],
  ])('%s → %s', (_case, answer, text) => {
    expect(answer()).toBe(text);
  });
});

describe('states that count', () => {
  test.each<[ItemState, boolean, boolean]>([
    ['notStarted', true, false],
    ['inProgress', true, false],
    ['returned', true, false],
    ['submitted', true, false],
    ['continuing', true, false],
    ['closed', false, true],
    ['withdrawn', false, false],
    ['carriedOut', false, false],
  ])('%s: open %s, closed %s', (state, open, closed) => {
    expect([OPEN_STATES.includes(state), isClosed(state)]).toEqual([open, closed]);
  });
});

describe('stateAfterAccept: where the working group\'s acceptance takes an item, by kind', () => {
  test.each<[string, string, ItemState]>([
    ['立行立改 fix at once', 'immediate', 'closed'],
    ['限期整改 by deadline', 'deadline', 'closed'],
    ['长期坚持 long-term → 持续整改, still followed', 'longTerm', 'continuing'],
  ])('%s → %s', (_name, kind, state) => {
    expect(stateAfterAccept(kind)).toBe(state);
  });
});

describe('closeoutProblems: the four dimensions (问题解决, 追责问责, 举一反三, 长效机制)', () => {
  const dim = (statement: string, ...evidence: string[]) => ({ statement, evidence });
  const COMPLETE: Closeout = {
    solved: dim('fixed', 'photo.jpg'),
    accountability: dim('two officials warned', 'decision.pdf'),
    similarCases: dim('checked the other sites', 'list.xlsx'),
    mechanism: dim('a monthly check', 'rules.docx'),
    by: 'Li',
  };
  test.each<[string, Partial<Closeout> | undefined, string[]]>([
    ['all four stated with evidence → complete', COMPLETE, []],
    ['nothing given → one problem', undefined, ['no close-out given']],
    ['an empty close-out → each dimension missing', {}, [
      '问题解决 (solved): missing statement', '产生原因及追责问责 (accountability): missing statement',
      '举一反三 (similarCases): missing statement', '长效机制 (mechanism): missing statement']],
    ['problem solved left out → missing statement', { ...COMPLETE, solved: undefined }, ['问题解决 (solved): missing statement']],
    ['a statement of spaces → missing statement', { ...COMPLETE, similarCases: dim('   ', 'list.xlsx') }, ['举一反三 (similarCases): missing statement']],
    ['a statement without evidence → no evidence', { ...COMPLETE, mechanism: dim('a monthly check') }, ['长效机制 (mechanism): no evidence given']],
    ['evidence only of blank names → no evidence', { ...COMPLETE, solved: dim('fixed', '', '  ') }, ['问题解决 (solved): no evidence given']],
    ['no one to hold accountable (noneNeeded), no evidence → complete', { ...COMPLETE, accountability: { ...dim('no one at fault'), noneNeeded: true } }, []],
    ['noneNeeded, but no statement → missing statement', { ...COMPLETE, accountability: { ...dim(''), noneNeeded: true } }, ['产生原因及追责问责 (accountability): missing statement']],
    ['noneNeeded is only for accountability: on similar cases it does not excuse evidence',
      { ...COMPLETE, similarCases: { ...dim('none found'), noneNeeded: true } as Closeout['similarCases'] }, ['举一反三 (similarCases): no evidence given']],
    ['accountability without evidence and not noneNeeded → no evidence', { ...COMPLETE, accountability: dim('warned') }, ['产生原因及追责问责 (accountability): no evidence given']],
    ['two dimensions short → both, in the order of the four', { ...COMPLETE, mechanism: dim(''), solved: dim('fixed') }, [
      '问题解决 (solved): no evidence given', '长效机制 (mechanism): missing statement']],
  ])('%s', (_case, closeout, problems) => {
    expect(closeoutProblems(closeout, 'en')).toEqual(problems);
  });

  test.each<[string, Partial<Closeout>, string[]]>([
    ['missing statement, zh', { ...COMPLETE, solved: undefined }, ['问题解决：未填写']],
    ['no evidence, zh', { ...COMPLETE, mechanism: dim('每月检查') }, ['长效机制：未附佐证材料']],
  ])('%s', (_case, closeout, problems) => {
    expect(closeoutProblems(closeout, 'zh')).toEqual(problems);
  });
});

describe('isRealDate: a YYYY-MM-DD that names a real day', () => {
  test.each<[string, boolean]>([
    ['2026-06-30', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400: leap
    ['2023-02-29', false], // common year
    ['2100-02-29', false], // divisible by 100, not 400: common
    ['2026-04-31', false], // April has 30 days
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-06-00', false],
    ['2026-6-30', false], // month without its zero
    ['2026/06/30', false],
    [' 2026-06-30', false], // not trimmed
    ['2026-06-30T00:00', false],
    ['', false],
  ])('%s → %s', (text, real) => {
    expect(isRealDate(text)).toBe(real);
  });
});
